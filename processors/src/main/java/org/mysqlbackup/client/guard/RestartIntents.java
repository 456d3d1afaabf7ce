package org.mysqlbackup.client.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The folder of {@link RestartIntent} records ({@code guard.intent-dir}), one file per backup that
 * has MySQL stopped or has not seen it back: {@code backup-<id>.json}. A record is durable when a
 * call returns: written to a temporary file, forced to disk, renamed over the old one, and the
 * folder forced too, so neither a crash nor a power cut leaves a half-written or missing record.
 * Files that cannot be read are reported, never deleted: an operator decides about them.
 */
public final class RestartIntents {
    private static final String PREFIX = "backup-";
    private static final String SUFFIX = ".json";
    private static final long MAX_FILE_BYTES = 64 * 1024;
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path directory;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RestartIntents(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Writes (or replaces) the record of its backup; returns once it is on disk. */
    public void record(RestartIntent intent) {
        write(intent, true);
    }

    /**
     * Replaces the record with one that adds detail, atomically: its data is forced to disk before
     * the rename, but the folder is not, so a power cut at worst loses the detail (the old record
     * stays), never the record. Saves the folder's fsync inside MySQL's downtime.
     */
    public void update(RestartIntent intent) {
        write(intent, false);
    }

    private void write(RestartIntent intent, boolean durable) {
        Path target = fileOf(intent.backupId());
        try {
            byte[] content = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(intent);
            if (content.length > MAX_FILE_BYTES) {
                throw new IOException("the intent would take " + content.length + " bytes, more than a guard reads ("
                        + MAX_FILE_BYTES + ")");
            }
            createDirectory();
            Path temporary = directory.resolve("." + target.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            try (FileChannel channel = WINDOWS ? FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE) : FileChannel.open(temporary, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                // the data before the rename, always: a rename may reach the disk before the data it names
                channel.force(durable);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (durable) {
                forceDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the restart intent of backup " + intent.backupId() + " in "
                    + directory + ": " + e.getMessage(), e);
        }
    }

    /** MySQL answers again: the record goes, durably. */
    public void clear(long backupId) {
        try {
            if (Files.deleteIfExists(fileOf(backupId))) {
                forceDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the restart intent of backup " + backupId + " from "
                    + directory + ": " + e.getMessage(), e);
        }
    }

    public Optional<RestartIntent> find(long backupId) {
        try {
            return Optional.of(read(fileOf(backupId)));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileOf(backupId) + ": " + e.getMessage(), e);
        }
    }

    /** Every record, oldest backup first, and the files that could not be read. */
    public Listing list() {
        List<RestartIntent> intents = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new Listing(intents, unreadable);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    intents.add(read(file));
                } catch (NoSuchFileException cleared) {
                    // cleared while listing
                } catch (IOException e) {
                    unreadable.add(file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            unreadable.add(directory + ": " + e.getMessage());
        }
        intents.sort(Comparator.comparingLong(RestartIntent::backupId));
        return new Listing(intents, unreadable);
    }

    /** Readable by the client's user only: the records name the host's instances and commands. */
    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (WINDOWS) {
            Files.createDirectories(directory);
        } else {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
    }

    Path fileOf(long backupId) {
        return directory.resolve(PREFIX + backupId + SUFFIX);
    }

    private RestartIntent read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("larger than " + MAX_FILE_BYTES + " bytes: not a restart intent");
        }
        RestartIntent intent;
        try {
            intent = json.readValue(Files.readAllBytes(file), RestartIntent.class);
        } catch (JsonProcessingException e) {
            throw new IOException("not a restart intent: " + e.getOriginalMessage(), e);
        }
        if (intent == null || intent.stopRequestedAt() == null || intent.dataDirectory() == null
                || intent.configName() == null) {
            throw new IOException("incomplete restart intent");
        }
        if (!file.getFileName().equals(fileOf(intent.backupId()).getFileName())) {
            throw new IOException("holds the intent of backup " + intent.backupId() + ", not the one its name says");
        }
        try {
            // every time a guard reads must parse, or it would stop the guard instead of this file
            intent.owner();
            intent.stoppedAt();
            intent.downSince();
            intent.startedAt();
            intent.command();
            intent.gaveUpAt();
        } catch (DateTimeParseException e) {
            throw new IOException("a time in it does not parse: " + e.getParsedString(), e);
        }
        return intent;
    }

    private void forceDirectory() throws IOException {
        if (WINDOWS) {
            // a folder cannot be opened as a channel there; NTFS journals the rename itself
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** What {@link #list()} found. */
    public record Listing(List<RestartIntent> intents, List<String> unreadable) {
    }
}
