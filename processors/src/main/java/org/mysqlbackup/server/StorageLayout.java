package org.mysqlbackup.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;
import org.mysqlbackup.protocol.ClientId;

/**
 * Where files live under the storage root: finished backups in {@code <root>/<client id>/} and
 * transfers in progress in {@code <root>/.staging/}. Every path handed out is checked to resolve
 * inside the root, whatever a client sent. Backups are private: the folders it creates are 0700
 * and files are to be created 0600 ({@link #privateFile()}), at creation, so no other user can read
 * them even for a moment.
 */
public class StorageLayout {
    private static final Pattern TRANSFER_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;

    public StorageLayout(Path root) {
        try {
            this.root = createPrivateDirectories(root.toAbsolutePath().normalize()).toRealPath();
            createPrivateDirectories(this.root.resolve(".staging"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage root " + root + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code directory} and its missing parents 0700; existing ones are left as they are. */
    public static Path createPrivateDirectories(Path directory) throws IOException {
        return posix() ? Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(FOLDER))
                : Files.createDirectories(directory);
    }

    /** The attributes that create a file 0600 (none where the file system has no POSIX permissions). */
    public static FileAttribute<?>[] privateFile() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    public Path root() {
        return root;
    }

    public Path stagingFile(String transferId) {
        if (transferId == null || !TRANSFER_ID.matcher(transferId).matches()) {
            throw new IllegalArgumentException("transfer id '" + transferId + "' is not 8-64 letters, digits or '-'");
        }
        return inside(root.resolve(".staging").resolve(transferId + ".part"));
    }

    public Path clientDirectory(String clientId) {
        return inside(root.resolve(ClientId.require(clientId)));
    }

    /**
     * The folder for a backup: {@code segments} (from {@link StoredDirectoryNamer}) below the root.
     *
     * @throws IllegalArgumentException if a segment is not one plain name or the result is not inside the root
     */
    public Path backupDirectory(java.util.List<String> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a backup folder needs at least one level below the storage root");
        }
        Path directory = root;
        for (String segment : segments) {
            if (segment.isEmpty() || segment.contains("/") || segment.contains("\\") || segment.contains("\0")
                    || segment.equals(".") || segment.equals("..") || segment.equals(".staging")) {
                throw new IllegalArgumentException("'" + segment + "' is not a folder name for a backup");
            }
            directory = directory.resolve(segment);
        }
        return inside(directory);
    }

    /** The path relative to the root, with '/' separators, as stored in logs and sent to clients. */
    public String relative(Path path) {
        // join the name elements: replacing '\' with '/' would report a Linux file named a\..\.. as "a/../.."
        StringBuilder relative = new StringBuilder();
        for (Path name : root.relativize(inside(path))) {
            relative.append(relative.length() == 0 ? "" : "/").append(name);
        }
        return relative.toString();
    }

    private Path inside(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new IllegalArgumentException(path + " is outside the storage root " + root);
        }
        return normalized;
    }
}
