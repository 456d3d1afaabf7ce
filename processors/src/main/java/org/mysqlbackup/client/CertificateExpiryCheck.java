package org.mysqlbackup.client;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.alert.AlertNotifier;
import org.mysqlbackup.tls.CertificateExpiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns (log WARN and a FAILURE {@link CertificateExpiryAlert}) when this client's
 * certificate or a CA of its truststore expires within {@code tls.expiry-warning-days}: once it
 * has, backups cannot be shipped. Run by the daemon's route {@code client-certificate-expiry} (at
 * start-up, then daily) and at the end of every one-shot command ({@code backup-now}, {@code send},
 * {@code resume}), so a host backed up from cron is warned too. The log gets every warning; the
 * alert channels get each one once a day ({@link DailyWarnings}).
 */
public class CertificateExpiryCheck implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiryCheck.class);

    private final Map<String, X509Certificate> certificates;
    private final CertificateExpiry expiry;
    private final AlertNotifier alerts;
    private final String hostName;
    private final DailyWarnings alerted;
    private final Clock clock;

    public CertificateExpiryCheck(Map<String, X509Certificate> certificates, CertificateExpiry expiry,
            AlertNotifier alerts, String hostName, DailyWarnings alerted, Clock clock) {
        this.certificates = new LinkedHashMap<>(certificates);
        this.expiry = expiry;
        this.alerts = alerts;
        this.hostName = hostName;
        this.alerted = alerted;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        check();
    }

    public void check() {
        for (CertificateExpiry.Expiring expiring : expiry.check(certificates, clock.instant())) {
            LOG.warn("Certificate warning: {}", expiring.describe());
            if (!alerted.firstToday(expiring.label() + " " + expiring.notAfter(), clock.instant())) {
                continue;
            }
            alerts.notify(new CertificateExpiryAlert(hostName, expiring, expiring.label().contains("CA")
                    ? "Ask the backup server's operators for a keystore and truststore from a new"
                    + " CA and install them (tls.key-store, tls.trust-store) before this date."
                    : "Ask the backup server's operators for a new keystore (backup-server certs"
                    + " client --id ID) and set it as tls.key-store before this date.", clock.instant()));
        }
    }
}
