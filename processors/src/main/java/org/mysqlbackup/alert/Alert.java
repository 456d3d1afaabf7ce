package org.mysqlbackup.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What went wrong, where, and what the operator should do about it: the one message every
 * channel (log, mail, webhook) carries.
 *
 * @param severity   {@link AlertSeverity#CRITICAL} when MySQL is not running or a person must act now
 * @param host       the name of the machine the alert is about, as operators know it
 * @param configName the backup configuration, e.g. {@code main}
 * @param backupId   the BackupLogs row id; 0 or less when the backup never got one
 * @param step       the workflow step that failed, e.g. {@code start-mysql} (see BackupStep labels)
 * @param reason     why it failed, usually the innermost error message
 * @param action     what the operator should do, one or two sentences
 * @param time       when it happened
 * @param mysqlRunning whether MySQL answered as the configured instance when the alert was raised
 *                   (measured, never inferred from the step or the severity); null when no MySQL
 *                   instance is involved (a file shipped by {@code send}, a backup that never started)
 */
public record Alert(AlertSeverity severity, String host, String configName, long backupId, String step,
                    String reason, String action, Instant time, Boolean mysqlRunning) implements AlertMessage {

    /**
     * Error messages sometimes quote a connection string or a command line; whatever follows a
     * word like "password" is masked so an alert never mails a secret to a distribution list.
     */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|api[-_]?key)\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&;,]+)");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    public Alert {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(time, "time");
        host = oneLine(host, "host");
        configName = oneLine(configName, "configName");
        step = oneLine(step, "step");
        reason = mask(text(reason, "reason"));
        action = mask(text(action, "action"));
    }

    /** An alert that happens now. */
    public static Alert now(AlertSeverity severity, Boolean mysqlRunning, String host, String configName,
                            long backupId, String step, String reason, String action) {
        return new Alert(severity, host, configName, backupId, step, reason, action, Instant.now(), mysqlRunning);
    }

    /**
     * One line that tells the reader whether to drop everything, e.g.
     * {@code [mysql-backup] CRITICAL on db-host-1: backup 'main' failed at start-mysql, MySQL is NOT running}.
     */
    @Override
    public String subject() {
        return "[mysql-backup] " + severity + " on " + host + ": backup '" + configName + "' failed at " + step
                + (mysqlRunning == null ? "" : ", " + mysqlState());
    }

    /** What the operator must know about MySQL before anything else; ends the subject. */
    public String mysqlState() {
        return mysqlRunning == null ? "no MySQL instance involved"
                : mysqlRunning ? "MySQL is running" : "MySQL is NOT running";
    }

    /** Plain text, every field labelled, the action last and set apart so it is not missed. */
    @Override
    public String body() {
        String nl = "\n";
        return subject() + nl
                + nl
                + "Severity:       " + severity + nl
                + "MySQL:          " + mysqlState() + nl
                + "Host:           " + host + nl
                + "Configuration:  " + configName + nl
                + "Backup id:      " + (backupId > 0 ? Long.toString(backupId) : "(none)") + nl
                + "Failed step:    " + step + nl
                + "Time:           " + UTC.format(time) + nl
                + "Reason:         " + reason + nl
                + nl
                + "WHAT TO DO NOW" + nl
                + "==============" + nl
                + action + nl;
    }

    /** What a webhook posts; {@code subject} last, a ready-made one-liner for chat tools. */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("severity", severity.name());
        fields.put("host", host);
        fields.put("configName", configName);
        fields.put("backupId", backupId);
        fields.put("step", step);
        fields.put("reason", reason);
        fields.put("action", action);
        fields.put("time", time.toString());
        fields.put("subject", subject());
        return fields;
    }

    @Override
    public String logDetails() {
        return "backup id " + backupId + " | reason: " + reason + " | action: " + action;
    }

    /** Fields of the subject: a line break would end the mail header early. */
    private static String oneLine(String value, String field) {
        return text(value, field).replaceAll("\\s+", " ");
    }

    private static String text(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value.strip();
    }

    /** Masks whatever follows a word like "password"; for every kind of alert message. */
    public static String mask(String text) {
        return SECRET.matcher(text).replaceAll("$1******");
    }
}
