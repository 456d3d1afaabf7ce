package org.mysqlbackup.server.alerts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mysqlbackup.alert.Alert;
import org.mysqlbackup.alert.AlertMessage;
import org.mysqlbackup.alert.AlertSeverity;

/**
 * A {@link ServerAlert} as the channels carry it: worded for the server (who sent what, what the
 * server did), not for a backup step, e.g.
 * {@code [mysql-backup] CRITICAL on backup-1: transfer from client 'c1' (config 'main') refused at finalize}.
 *
 * @param server the server's name, as operators know it ({@code alert.host-name})
 * @param alert  what happened
 * @param time   when
 */
public record ServerAlertMessage(String server, ServerAlert alert, Instant time) implements AlertMessage {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    public ServerAlertMessage {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(time, "time");
        server = oneLine(server);
    }

    @Override
    public AlertSeverity severity() {
        return alert.severity();
    }

    @Override
    public String subject() {
        return "[mysql-backup] " + alert.severity() + " on " + server + ": " + headline();
    }

    /** The event in a few words, naming the client and configuration when there are. */
    public String headline() {
        String of = of();
        return switch (alert.kind()) {
            case FINALIZE_REFUSED -> "transfer" + (of.isEmpty() ? "" : " from" + of) + " refused at finalize";
            case STORAGE_FULL -> "storage full" + (of.isEmpty() ? "" : ", refused" + of);
            case STORAGE_UNWRITABLE -> "storage cannot be written" + (of.isEmpty() ? "" : ", refused" + of);
            case RETENTION_FAILED -> "retention could not delete a backup" + (of.isEmpty() ? "" : " of" + of);
            case HANDSHAKE_REFUSED -> "TLS handshake refused" + (of.isEmpty() ? "" : " for" + of);
            case OVERDUE -> "backup" + (of.isEmpty() ? "" : " of" + of) + " is overdue";
            case BACK_TO_NORMAL -> "backup" + (of.isEmpty() ? "" : " of" + of) + " back to normal";
            // which certificate, and when: the reason says it, e.g. "the CA (CN=...) expires on ..., in 12 days"
            case CERTIFICATE_EXPIRING -> oneLine(alert.reason());
            case BACKUP_CORRUPT -> "stored backup" + (of.isEmpty() ? "" : " of" + of) + " is corrupt";
            case BACKUP_MISSING -> "stored backup" + (of.isEmpty() ? "" : " of" + of) + " is missing";
            case DRILL_FAILED -> "backup" + (of.isEmpty() ? "" : " of" + of) + " failed its restorability drill";
        };
    }

    /** {@code  client 'c1' (config 'main')}, with a leading space; empty when neither is known. */
    private String of() {
        String client = alert.clientId() == null ? "" : " client '" + oneLine(alert.clientId()) + "'";
        String config = alert.configName() == null ? "" : "config '" + oneLine(alert.configName()) + "'";
        if (client.isEmpty()) {
            return config.isEmpty() ? "" : " " + config;
        }
        return client + (config.isEmpty() ? "" : " (" + config + ")");
    }

    @Override
    public String body() {
        String nl = "\n";
        return subject() + nl
                + nl
                + "Severity:       " + alert.severity() + nl
                + "Server:         " + server + nl
                + "Event:          " + alert.kind() + nl
                + "Client:         " + orNone(alert.clientId()) + nl
                + "Configuration:  " + orNone(alert.configName()) + nl
                + "Time:           " + UTC.format(time) + nl
                + "Reason:         " + reason() + nl
                + nl
                + "WHAT TO DO NOW" + nl
                + "==============" + nl
                + action() + nl;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("severity", alert.severity().name());
        fields.put("host", server);
        fields.put("kind", alert.kind().name());
        fields.put("clientId", alert.clientId());
        fields.put("configName", alert.configName());
        fields.put("reason", reason());
        fields.put("action", action());
        fields.put("time", time.toString());
        fields.put("subject", subject());
        return fields;
    }

    @Override
    public String logDetails() {
        return "kind " + alert.kind() + " | reason: " + reason() + " | action: " + action();
    }

    private String reason() {
        return Alert.mask(alert.reason().strip());
    }

    private String action() {
        return Alert.mask(alert.action().strip());
    }

    private static String orNone(String value) {
        return value == null ? "(none)" : oneLine(value);
    }

    /** A line break in a subject would end the mail header early. */
    private static String oneLine(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }
}
