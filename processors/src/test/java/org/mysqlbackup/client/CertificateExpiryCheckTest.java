package org.mysqlbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.alert.AlertChannel;
import org.mysqlbackup.alert.AlertMessage;
import org.mysqlbackup.alert.AlertNotifier;
import org.mysqlbackup.alert.AlertSeverity;
import org.mysqlbackup.tls.CertificateAuthority;
import org.mysqlbackup.tls.CertificateExpiry;

class CertificateExpiryCheckTest {
    @TempDir
    Path dir;

    private final List<AlertMessage> sent = new CopyOnWriteArrayList<>();
    private final AlertNotifier notifier = new AlertNotifier(List.of(new AlertChannel() {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void send(AlertMessage alert) {
            sent.add(alert);
        }
    }), AlertSeverity.FAILURE);

    @Test
    void alertsForWhatExpiresWithinTheWarningPeriodOnly() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test CA", Duration.ofDays(400));
        X509Certificate own = ca.issueClient("db-1", Duration.ofDays(10), dir.resolve("c.p12"), "pw".toCharArray());
        Map<String, X509Certificate> watched = new LinkedHashMap<>();
        watched.put("this client's certificate", own);
        watched.put("the CA", ca.certificate());

        new CertificateExpiryCheck(watched, new CertificateExpiry(30), notifier, "db-host-1",
                new DailyWarnings(dir.resolve("warnings")), Clock.systemUTC()).check();

        assertThat(sent).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(AlertSeverity.FAILURE);
            assertThat(alert.subject()).startsWith("[mysql-backup] FAILURE on db-host-1: this client's certificate"
                    + " (CN=db-1) expires on").containsPattern("in (9|10) days$").doesNotContain("backup '");
            assertThat(alert.fields()).containsEntry("kind", "CERTIFICATE_EXPIRING")
                    .containsEntry("certificate", "this client's certificate").doesNotContainKey("backupId");
            assertThat(alert.body()).contains("Certificate:    this client's certificate (CN=db-1)",
                    "WHAT TO DO NOW", "backup-server certs client --id ID");
        });
    }

    @Test
    void eachWarningReachesTheChannelsOnceADayHoweverOftenTheClientChecks() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test CA", Duration.ofDays(400));
        X509Certificate own = ca.issueClient("db-1", Duration.ofDays(10), dir.resolve("c.p12"), "pw".toCharArray());
        Map<String, X509Certificate> watched = Map.of("this client's certificate", own);
        Instant morning = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(1));
        Path memory = dir.resolve("warnings");
        for (Instant at : List.of(morning, morning.plus(Duration.ofHours(5)), morning.plus(Duration.ofHours(24)))) {
            // a new check each time, as each one-shot command (backup-now from cron) makes its own
            new CertificateExpiryCheck(watched, new CertificateExpiry(30), notifier, "db-host-1",
                    new DailyWarnings(memory), Clock.fixed(at, ZoneOffset.UTC)).check();
        }
        assertThat(sent).as("the first check of each day alerts").hasSize(2);

        // a renewed certificate, still within the period, is a new warning the same day
        X509Certificate renewed = ca.issueClient("db-1", Duration.ofDays(20), dir.resolve("d.p12"), "pw".toCharArray());
        new CertificateExpiryCheck(Map.of("this client's certificate", renewed), new CertificateExpiry(30), notifier,
                "db-host-1", new DailyWarnings(memory), Clock.fixed(morning.plus(Duration.ofHours(25)), ZoneOffset.UTC))
                .check();
        assertThat(sent).hasSize(3);
    }

    @Test
    void anUnreadableMemoryNeverHidesAWarning() throws Exception {
        Path memory = Files.createDirectories(dir.resolve("not-a-file"));
        DailyWarnings warnings = new DailyWarnings(memory);
        Instant now = Instant.parse("2026-12-04T03:00:00Z");
        assertThat(warnings.firstToday("a", now)).isTrue();
        assertThat(warnings.firstToday("a", now)).as("cannot be remembered: alerted again").isTrue();
        assertThat(new DailyWarnings(dir.resolve("ok")).firstToday("a", now)).isTrue();
    }
}
