package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.mysqlbackup.tls.CertificateAuthority;
import org.mysqlbackup.tls.CertificateExpiry;

class CertificateExpiryCheckTest {
    @TempDir
    Path dir;

    @Test
    void raisesCertificateExpiringForTheCaAndTheServerCertificateWhenDue() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test CA", Duration.ofDays(20));
        X509Certificate server = ca.issueServer("localhost", List.of(), Duration.ofDays(5), dir.resolve("s.p12"),
                "pw".toCharArray());
        Map<String, X509Certificate> watched = new LinkedHashMap<>();
        watched.put("the server certificate", server);
        watched.put("the CA", ca.certificate());
        List<ServerAlert> alerts = new ArrayList<>();

        new CertificateExpiryCheck(watched, new CertificateExpiry(30), alerts::add, Clock.systemUTC()).check();

        assertThat(alerts).hasSize(2).allSatisfy(a -> assertThat(a.kind())
                .isEqualTo(ServerAlertKind.CERTIFICATE_EXPIRING));
        assertThat(alerts.get(0).reason()).startsWith("the server certificate (CN=localhost) expires on");
        assertThat(alerts.get(1).reason()).startsWith("the CA (CN=test CA) expires on");
        assertThat(alerts.get(1).action()).contains("certs --dir NEWDIR init");
    }

    @Test
    void staysQuietWhileBothAreFarFromExpiry() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test CA", Duration.ofDays(400));
        List<ServerAlert> alerts = new ArrayList<>();
        Clock now = Clock.fixed(Instant.now(), ZoneOffset.UTC);

        new CertificateExpiryCheck(Map.of("the CA", ca.certificate()), new CertificateExpiry(30), alerts::add, now)
                .check();
        assertThat(alerts).isEmpty();

        new CertificateExpiryCheck(Map.of("the CA", ca.certificate()), new CertificateExpiry(30), alerts::add,
                Clock.offset(now, Duration.ofDays(371))).check();
        assertThat(alerts).as("371 days on, less than 30 days are left").hasSize(1);
    }
}
