package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.component.mail.MailAuthenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

class MailEndpointFactoryTest {
    private final CamelFixture camel = new CamelFixture();

    @AfterEach
    void stopCamel() {
        camel.close();
    }

    private String uri(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return MailEndpointFactory.fromSettings(new Settings(key -> Optional.ofNullable(properties.get(key))),
                camel.context());
    }

    @Test
    void startTlsIsTheDefaultAndIsRequired() {
        assertThat(uri("alert.mail.host", "mail.example.com")).isEqualTo(
                "smtp://mail.example.com:587?connectionTimeout=10000&mail.smtp.writetimeout=10000"
                        + "&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
    }

    @Test
    void sslUsesSmtpsOnPort465() {
        assertThat(uri("alert.mail.host", "mail.example.com", "alert.mail.security", "SSL",
                "alert.mail.timeout-ms", "30s"))
                .isEqualTo("smtps://mail.example.com:465?connectionTimeout=30000&mail.smtps.writetimeout=30000");
    }

    @Test
    void noneIsPlainSmtpOnPort25() {
        assertThat(uri("alert.mail.host", "relay", "alert.mail.security", "none"))
                .isEqualTo("smtp://relay:25?connectionTimeout=10000&mail.smtp.writetimeout=10000");
    }

    @Test
    void anExplicitPortWins() {
        assertThat(uri("alert.mail.host", "relay", "alert.mail.security", "ssl", "alert.mail.port", "2465"))
                .startsWith("smtps://relay:2465?");
    }

    @Test
    void credentialsAreBoundInTheRegistryAndOnlyReferencedByTheUri() {
        String uri = uri("alert.mail.host", "m", "alert.mail.username", "alerts+db@example.com",
                "alert.mail.password", "a&&b+c%d=e{{x}}");

        assertThat(uri).endsWith("&authenticator=#bean:alertMailAuthenticator")
                .doesNotContain("alerts+db", "a&&b");
        MailAuthenticator bound = camel.context().getRegistry()
                .lookupByNameAndType(MailEndpointFactory.AUTHENTICATOR_BEAN, MailAuthenticator.class);
        assertThat(bound.getPasswordAuthentication().getUserName()).isEqualTo("alerts+db@example.com");
        assertThat(bound.getPasswordAuthentication().getPassword()).isEqualTo("a&&b+c%d=e{{x}}");
    }

    @Test
    void withoutAUserNothingIsBound() {
        assertThat(uri("alert.mail.host", "m")).doesNotContain("authenticator");
        assertThat(camel.context().getRegistry().lookupByName(MailEndpointFactory.AUTHENTICATOR_BEAN)).isNull();
    }

    @Test
    void errorsNameTheKey() {
        assertRejected("alert.mail.host");
        assertRejected("alert.mail.security", "alert.mail.host", "m", "alert.mail.security", "tls");
        assertRejected("alert.mail.port", "alert.mail.host", "m", "alert.mail.port", "70000");
        assertRejected("alert.mail.timeout-ms", "alert.mail.host", "m", "alert.mail.timeout-ms", "0");
        assertRejected("alert.mail.timeout-ms", "alert.mail.host", "m", "alert.mail.timeout-ms", "11m");
        assertRejected("alert.mail.host", "alert.mail.host", "m?x=1");
        assertRejected("alert.mail.host", "alert.mail.host", "smtp://m");
        assertRejected("alert.mail.username", "alert.mail.host", "m", "alert.mail.password", "p");
    }

    private void assertRejected(String key, String... keysAndValues) {
        assertThatThrownBy(() -> uri(keysAndValues))
                .isInstanceOf(InvalidSettingException.class)
                .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo(key));
    }
}
