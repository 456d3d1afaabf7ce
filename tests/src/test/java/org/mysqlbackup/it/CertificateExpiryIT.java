package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.CertsCli;
import org.mysqlbackup.testing.TestPaths;

/**
 * A client whose certificate expires within tls.expiry-warning-days mails a FAILURE alert with
 * the expiry date (the CA, far from expiry, is not mentioned): the daemon at start-up (route
 * client-certificate-expiry), a one-shot command after its work, once a day.
 */
class CertificateExpiryIT {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetup.SMTP.dynamicPort());

    @Test
    void aRunningClientMailsAWarningForItsExpiringCertificate() throws Exception {
        Map<String, String> properties = expiringClient(TestPaths.scratch(CertificateExpiryIT.class));
        properties.put("tls.expiry-check-initial-delay-ms", "0");

        Main main = new ClientApp(TestPaths.clientConfig(), properties).main(properties);
        main.start();
        try {
            assertThat(SMTP.waitForIncomingEmail(20_000, 1)).as("an alert mail arrived").isTrue();
        } finally {
            main.stop();
        }
        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).hasSize(1);
        assertThat(messages[0].getSubject()).startsWith("[mysql-backup] FAILURE on ")
                .contains(": this client's certificate (CN=db-expiring) expires on").doesNotContain("failed at");
        assertThat(GreenMailUtil.getBody(messages[0])).contains("this client's certificate (CN=db-expiring)")
                .containsPattern("in (9|10) days").doesNotContain("the CA (");
    }

    /** A host backed up from cron, with no daemon: each command checks, the channels hear it once a day. */
    @Test
    void oneShotCommandsWarnTooOnceADay() throws Exception {
        Map<String, String> properties = expiringClient(TestPaths.scratch(CertificateExpiryIT.class));
        for (int run = 0; run < 3; run++) {
            assertThat(new ClientApp(TestPaths.clientConfig(), properties).resumeNow()).as("nothing to resume")
                    .isEmpty();
        }
        assertThat(SMTP.waitForIncomingEmail(20_000, 1)).as("an alert mail arrived").isTrue();
        Thread.sleep(1000); // nothing else on its way
        MimeMessage[] messages = SMTP.getReceivedMessages();
        assertThat(messages).as("three commands, one warning mail").hasSize(1);
        assertThat(messages[0].getSubject()).contains(": this client's certificate (CN=db-expiring) expires on");
    }

    /** Client properties with a certificate that expires in 10 days and alerts mailed to {@link #SMTP}. */
    private static Map<String, String> expiringClient(Path work) throws Exception {
        Path certs = work.resolve("certs");
        CertsCli.run(certs, "init");
        String issued = CertsCli.run(certs, "client", "--id", "db-expiring", "--days", "10");
        assertThat(issued).contains("valid until");

        Map<String, String> tls = new HashMap<>();
        tls.put("tls.key-store", certs.resolve("client-db-expiring.p12").toString());
        tls.put("tls.key-store-password-file", certs.resolve("client-db-expiring.p12.password").toString());
        tls.put("tls.trust-store", certs.resolve("truststore.p12").toString());
        tls.put("tls.trust-store-password-file", certs.resolve("truststore.p12.password").toString());
        return new HashMap<>(new BackupClientFixture(work.resolve("client"), TestPaths.freePort(), tls)
                .mailingAlertsTo(SMTP.getSmtp().getPort()).properties());
    }
}
