package org.mysqlbackup.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers on which day (UTC) a warning was last alerted, in a small properties file beside the
 * client's database, so that the same warning reaches the alert channels once a day however often
 * the client starts: the daemon after a restart, {@code backup-now} from an hourly cron. A file
 * that cannot be read or written never hides a warning: it is then alerted again.
 *
 * <p>File layout, one line per warning: {@code <key>=<yyyy-MM-dd>}, e.g.
 * {@code this\ client's\ certificate\ 2027-01-01T00\:00\:00Z=2026-12-04}.
 */
public final class DailyWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(DailyWarnings.class);

    private final Path file;

    public DailyWarnings(Path file) {
        this.file = file;
    }

    /** True, and remembered, if {@code key} was not alerted yet on the UTC day of {@code now}. */
    public synchronized boolean firstToday(String key, Instant now) {
        String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        Properties days = read();
        if (today.equals(days.getProperty(key))) {
            return false;
        }
        days.setProperty(key, today);
        write(days);
        return true;
    }

    private Properties read() {
        Properties days = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            days.load(in);
        } catch (NoSuchFileException absent) {
            // nothing alerted yet
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Cannot read {} ({}); warnings are alerted again", file, e.getMessage());
        }
        return days;
    }

    private void write(Properties days) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                days.store(out, "mysql-backup: the day each warning was last alerted (UTC)");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Cannot write {} ({}); this warning may be alerted again today", file, e.getMessage());
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the next write replaces it
            }
        }
    }
}
