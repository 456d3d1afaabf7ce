package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure to write the storage into what each side needs: the server's log gets the path
 * and the operating system's words, its operators an alert ({@link ServerAlertKind#STORAGE_FULL}
 * when the file system has no room, {@link ServerAlertKind#STORAGE_UNWRITABLE} for anything else:
 * permissions, a read-only file system, an I/O error), and the client a reason without any server
 * path. While chunks keep failing (several in flight, each retried) one alert per kind is raised
 * per {@code alertInterval}; every failure is still logged.
 */
public class StorageFailures {
    private static final Logger LOG = LoggerFactory.getLogger(StorageFailures.class);

    private final StorageLayout storage;
    private final long reserveBytes;
    private final ServerAlerts alerts;
    private final Clock clock;
    private final Duration alertInterval;
    private final Map<ServerAlertKind, Instant> lastRaised = new EnumMap<>(ServerAlertKind.class);

    public StorageFailures(StorageLayout storage, long reserveBytes, ServerAlerts alerts, Clock clock,
                           Duration alertInterval) {
        this.storage = storage;
        this.reserveBytes = reserveBytes;
        this.alerts = alerts;
        this.clock = clock;
        this.alertInterval = alertInterval;
    }

    /** True if {@code failure} says the file system has no room (ENOSPC, or a quota). */
    public static boolean isNoSpace(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
            if (text != null) {
                String lower = text.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Logs and alerts {@code failure}, which happened writing {@code what} (for the client, e.g.
     * "chunk 30", no path) of {@code needed} bytes to {@code path} for {@code clientId}, and
     * returns the refusal to send to the client instead.
     */
    public ProtocolException refusal(IOException failure, String what, long needed, Path path, String clientId,
                                     String configName) {
        if (isNoSpace(failure)) {
            long free = freeBytes();
            String reason = "the server's storage is full: " + (free < 0 ? "unknown" : ByteSize.format(free))
                    + " free, " + (needed > 0 ? ByteSize.format(needed) + " " : "") + what + " plus the "
                    + ByteSize.format(reserveBytes) + " reserve needed";
            LOG.error("Storage full writing {} of client {} to {}: {}", what, clientId, path, failure.getMessage());
            raise(new ServerAlert(ServerAlertKind.STORAGE_FULL, AlertSeverity.CRITICAL, clientId, configName, reason,
                    "Free space under the storage root " + storage.root() + " (or grow it); clients resume their "
                            + "transfers with backup-client resume, or at their next run."));
            return new ProtocolException(ErrorCode.NO_SPACE, reason + "; its operators were alerted");
        }
        String message = String.valueOf(failure.getMessage());
        String kind = failure instanceof AccessDeniedException || message.contains("Permission denied")
                ? "permission denied"
                : message.contains("Read-only file system") ? "read-only file system"
                // EPERM: an immutable or append-only attribute, or a file system that refuses the operation
                : message.contains("Operation not permitted") ? "operation not permitted"
                : "I/O error";
        LOG.error("Cannot write {} of client {} to {}: {}", what, clientId, path, failure.toString());
        raise(new ServerAlert(ServerAlertKind.STORAGE_UNWRITABLE, AlertSeverity.FAILURE, clientId, configName,
                "the server cannot write " + what + " of client " + clientId + " to its storage: " + kind,
                "Check that the storage root " + storage.root() + " is mounted read-write and owned by the service "
                        + "user (the server's log names the file)."));
        return new ProtocolException(ErrorCode.INTERNAL, "the server cannot write " + what + " to its storage ("
                + kind + "); its operators were alerted");
    }

    /**
     * Raises STORAGE_FULL for a refusal before any byte is written: {@code free} bytes cannot take
     * {@code needed} plus the reserve ({@code when}: "at its pre-flight", "at INIT"). The refusal
     * itself is the caller's.
     */
    public void noRoom(long free, long needed, String clientId, String configName, String when) {
        String reason = "the server's storage is full: " + ByteSize.format(free) + " free, "
                + ByteSize.format(needed) + " backup plus the " + ByteSize.format(reserveBytes) + " reserve needed ("
                + when + ")";
        LOG.warn("Storage full: client {} {} needs {} plus the {} reserve, {} free under {}", clientId, when,
                ByteSize.format(needed), ByteSize.format(reserveBytes), ByteSize.format(free), storage.root());
        raise(new ServerAlert(ServerAlertKind.STORAGE_FULL, AlertSeverity.CRITICAL, clientId, configName, reason,
                "Free space under the storage root " + storage.root() + " (or grow it, or lower storage.reserve);"
                        + " the client's next run backs up again."));
    }

    private long freeBytes() {
        try {
            return Files.getFileStore(storage.root()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private void raise(ServerAlert alert) {
        Instant now = clock.instant();
        synchronized (lastRaised) {
            Instant last = lastRaised.get(alert.kind());
            if (last != null && now.isBefore(last.plus(alertInterval))) {
                return;
            }
            lastRaised.put(alert.kind(), now);
        }
        alerts.raise(alert);
    }
}
