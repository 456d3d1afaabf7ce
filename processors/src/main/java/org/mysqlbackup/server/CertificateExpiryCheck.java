package org.mysqlbackup.server;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.mysqlbackup.tls.CertificateExpiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns (log WARN and {@link ServerAlertKind#CERTIFICATE_EXPIRING}) when the server's own
 * certificate or a CA of its truststore expires within {@code tls.expiry-warning-days}. Run by the
 * route {@code server-certificate-expiry}: at start-up, then daily.
 */
public class CertificateExpiryCheck implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiryCheck.class);

    private final Map<String, X509Certificate> certificates;
    private final CertificateExpiry expiry;
    private final ServerAlerts alerts;
    private final Clock clock;

    /** @param certificates what to watch, by label such as {@code the server certificate} */
    public CertificateExpiryCheck(Map<String, X509Certificate> certificates, CertificateExpiry expiry,
            ServerAlerts alerts, Clock clock) {
        this.certificates = new LinkedHashMap<>(certificates);
        this.expiry = expiry;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        check();
    }

    public void check() {
        for (CertificateExpiry.Expiring expiring : expiry.check(certificates, clock.instant())) {
            String label = expiring.label();
            LOG.warn("Certificate warning: {}", expiring.describe());
            alerts.raise(new ServerAlert(ServerAlertKind.CERTIFICATE_EXPIRING, AlertSeverity.FAILURE, null,
                    null, expiring.describe(), label.contains("CA")
                            ? "Create a new CA (backup-server certs --dir NEWDIR init), issue the server"
                            + " and every client new keystores from it and install them, before this date:"
                            + " afterwards no client can connect."
                            : "Issue a new server keystore (move server.p12 away, then backup-server certs"
                            + " --dir DIR server --name HOST) and restart the server before this date."));
        }
    }
}
