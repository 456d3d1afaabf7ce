package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mysqlbackup.config.Settings;

/**
 * With {@code alert.mail.security=starttls} (the default) a server that does not offer STARTTLS
 * gets neither the mail nor the password in clear text: GreenMail's plain SMTP stands in for a
 * misconfigured server or a man in the middle that strips STARTTLS.
 */
class StartTlsRequiredTest {

    @RegisterExtension
    static final GreenMailExtension PLAIN_SMTP = new GreenMailExtension(ServerSetup.SMTP.dynamicPort());

    @Test
    void aServerWithoutStartTlsIsRefused() {
        Map<String, String> properties = Map.of(
                "alert.mail.host", PLAIN_SMTP.getSmtp().getBindTo(),
                "alert.mail.port", Integer.toString(PLAIN_SMTP.getSmtp().getPort()),
                "alert.mail.username", "alerts",
                "alert.mail.password", "secret",
                "alert.mail.timeout-ms", "5000");
        try (CamelFixture camel = new CamelFixture()) {
            String uri = MailEndpointFactory.fromSettings(new Settings(key -> Optional.ofNullable(properties.get(key))),
                    camel.context());
            MailAlertChannel channel = new MailAlertChannel(camel.template(), uri, "backup@db-host-1.example",
                    List.of("ops@ops.example"));

            assertThatThrownBy(() -> channel.send(SampleAlerts.critical()))
                    .isInstanceOf(AlertDeliveryException.class)
                    .hasMessageContaining("STARTTLS");
        }
        assertThat(PLAIN_SMTP.getReceivedMessages()).isEmpty();
    }
}
