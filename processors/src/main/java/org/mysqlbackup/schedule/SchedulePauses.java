package org.mysqlbackup.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules paused from another process, by a marker file per configuration in
 * {@code schedule.pause-dir}: {@code <configuration>.pause} with the pausing process's id, since
 * when and why. A restore in place writes one before it touches MySQL and removes it when it ends;
 * the daemon's scheduled-run path ({@link ScheduledRunGuard}) reads it at every firing, so the
 * pause takes effect at once, without a restart or a database write. A marker whose process has
 * ended (the restore was killed) pauses nothing: a dead restore must not stop the backups for good.
 */
public final class SchedulePauses {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulePauses.class);
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private final Path directory;
    private final Clock clock;

    public SchedulePauses(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    /** A pause of one configuration's schedules, in force until closed. */
    public final class Pause implements AutoCloseable {
        private final Path marker;

        private Pause(Path marker) {
            this.marker = marker;
        }

        public Path marker() {
            return marker;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                LOG.warn("Could not remove the schedule pause {}: {} (it pauses nothing once this process ends)",
                        marker, e.getMessage());
            }
        }
    }

    /**
     * Pauses the schedules of {@code configName} until the returned pause is closed.
     *
     * @throws IllegalStateException if a live process holds a pause of it already
     */
    public Pause pause(String configName, String why) {
        Optional<String> held = pausedBy(configName);
        if (held.isPresent()) {
            throw new IllegalStateException("the schedules of '" + configName + "' are paused already: " + held.get());
        }
        Path marker = marker(configName);
        Properties content = new Properties();
        content.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        content.setProperty("since", clock.instant().toString());
        content.setProperty("why", why);
        try {
            Files.createDirectories(directory);
            Path part = directory.resolve("." + marker.getFileName() + "." + ProcessHandle.current().pid());
            try (var out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                content.store(out, "schedules of '" + configName + "' paused");
            }
            try {
                Files.move(part, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, marker, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pause the schedules of '" + configName + "' (" + marker + "): "
                    + e.getMessage(), e);
        }
        return new Pause(marker);
    }

    /**
     * Who pauses the schedules of {@code configName} ("restore in place of backup 12, process 4711,
     * since ..."), or empty when nobody alive does.
     */
    public Optional<String> pausedBy(String configName) {
        Path marker = marker(configName);
        Properties content = new Properties();
        try (var in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            content.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Schedule pause {} cannot be read ({}); it is ignored", marker, e.getMessage());
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(content.getProperty("pid", ""));
        } catch (NumberFormatException e) {
            LOG.warn("Schedule pause {} names no process; it is ignored", marker);
            return Optional.empty();
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(content.getProperty("why", "paused") + " (process " + pid + ", since "
                    + content.getProperty("since", "?") + ")");
        }
        LOG.warn("Schedule pause {} of process {}, which has ended, is ignored", marker, pid);
        return Optional.empty();
    }

    private Path marker(String configName) {
        return directory.resolve(UNSAFE.matcher(configName).replaceAll("_") + ".pause");
    }
}
