package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mysqlbackup.config.Settings;

/**
 * An alert mailed over implicit TLS ({@code alert.mail.security=ssl}, {@code smtps://}) with
 * SMTP AUTH. GreenMail serves a self-signed certificate without a name for 127.0.0.1: only this
 * test accepts it, by adding {@code mail.smtps.ssl.trust=*} and
 * {@code mail.smtps.ssl.checkserveridentity=false} to the URI; without them the send must fail,
 * which proves the connection really is TLS and the certificate really is checked.
 */
class SmtpsAlertMailTest {
    private static final String PASSWORD = "tls&pa+ss%=word";
    private static final String TRUST_GREENMAILS_SELF_SIGNED_CERTIFICATE =
            "&mail.smtps.ssl.trust=*&mail.smtps.ssl.checkserveridentity=false";

    @RegisterExtension
    static final GreenMailExtension SMTPS = new GreenMailExtension(ServerSetup.SMTPS.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.org", "alerts", PASSWORD));

    private final CamelFixture camel = new CamelFixture();

    @AfterEach
    void stopCamel() {
        camel.close();
    }

    @Test
    void theAlertArrivesOverTls() throws Exception {
        String uri = endpointUri();
        assertThat(uri).startsWith("smtps://");

        channel(uri + TRUST_GREENMAILS_SELF_SIGNED_CERTIFICATE).send(SampleAlerts.critical());

        assertThat(SMTPS.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage mail = SMTPS.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo(SampleAlerts.critical().subject());
        assertThat((String) mail.getContent()).contains("Failed step:    start-mysql");
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        assertThatThrownBy(() -> channel(endpointUri()).send(SampleAlerts.critical()))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("certification path");
        assertThat(SMTPS.getReceivedMessages()).isEmpty();
    }

    private String endpointUri() {
        Map<String, String> properties = Map.of(
                "alert.mail.host", SMTPS.getSmtps().getBindTo(),
                "alert.mail.port", Integer.toString(SMTPS.getSmtps().getPort()),
                "alert.mail.security", "ssl",
                "alert.mail.username", "alerts",
                "alert.mail.password", PASSWORD,
                "alert.mail.timeout-ms", "5000");
        return MailEndpointFactory.fromSettings(new Settings(key -> Optional.ofNullable(properties.get(key))),
                camel.context());
    }

    private MailAlertChannel channel(String uri) {
        return new MailAlertChannel(camel.template(), uri, "backup@db-host-1.example", List.of("ops@ops.example"));
    }
}
