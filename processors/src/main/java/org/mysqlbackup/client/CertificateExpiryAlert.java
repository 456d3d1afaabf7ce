package org.mysqlbackup.client;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mysqlbackup.alert.AlertMessage;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.tls.CertificateExpiry.Expiring;

/**
 * A warning that a certificate this client needs expires soon: no backup failed, so it is not
 * worded as a backup's {@link org.mysqlbackup.alert.Alert}. Subject e.g.
 * {@code [mysql-backup] FAILURE on db-host-1: this client's certificate (CN=db-1) expires on
 * 2027-01-01T00:00:00Z, in 9 days}.
 *
 * @param host     this machine, as operators know it
 * @param expiring the certificate and when it expires
 * @param action   what to do, before the date
 * @param time     when the check ran
 */
public record CertificateExpiryAlert(String host, Expiring expiring, String action, Instant time)
        implements AlertMessage {
    /** The webhook's {@code kind}, as the server's alert of the same event. */
    public static final String KIND = "CERTIFICATE_EXPIRING";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    public CertificateExpiryAlert {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(expiring, "expiring");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(time, "time");
        host = host.strip().replaceAll("\\s+", " ");
    }

    /** Backups still work until the date: a failure to look at, not an emergency. */
    @Override
    public AlertSeverity severity() {
        return AlertSeverity.FAILURE;
    }

    @Override
    public String subject() {
        return "[mysql-backup] " + severity() + " on " + host + ": " + expiring.describe().replaceAll("\\s+", " ");
    }

    @Override
    public String body() {
        String nl = "\n";
        return subject() + nl
                + nl
                + "Severity:       " + severity() + nl
                + "Host:           " + host + nl
                + "Certificate:    " + expiring.label() + " (" + expiring.subject() + ")" + nl
                + "Valid until:    " + UTC.format(expiring.notAfter()) + nl
                + "Checked:        " + UTC.format(time) + nl
                + "Reason:         " + expiring.describe() + nl
                + nl
                + "WHAT TO DO NOW" + nl
                + "==============" + nl
                + action + nl;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("severity", severity().name());
        fields.put("host", host);
        fields.put("kind", KIND);
        fields.put("certificate", expiring.label());
        fields.put("notAfter", expiring.notAfter().toString());
        fields.put("daysLeft", expiring.daysLeft());
        fields.put("reason", expiring.describe());
        fields.put("action", action);
        fields.put("time", time.toString());
        fields.put("subject", subject());
        return fields;
    }

    @Override
    public String logDetails() {
        return "kind " + KIND + " | action: " + action;
    }
}
