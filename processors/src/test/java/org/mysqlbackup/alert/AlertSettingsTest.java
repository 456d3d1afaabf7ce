package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

class AlertSettingsTest {
    private static CamelFixture camel;

    @BeforeAll
    static void startCamel() {
        camel = new CamelFixture();
    }

    @AfterAll
    static void stopCamel() {
        camel.close();
    }

    private static Settings settings(Map<String, String> properties) {
        return new Settings(key -> Optional.ofNullable(properties.get(key)));
    }

    private static Map<String, String> mail(String... more) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "alert.mail.enabled", "true",
                "alert.mail.host", "mail.example.com",
                "alert.mail.from", "mysql-backup@db-host-1.example.com",
                "alert.mail.to", "ops@example.com"));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return properties;
    }

    private static ProducerTemplate template() {
        return camel.template();
    }

    @Test
    void nothingConfiguredMeansNoChannelAndEverySeverity() {
        Settings empty = settings(Map.of());

        assertThat(AlertSettings.channels(empty, template())).isEmpty();
        assertThat(AlertSettings.minSeverity(empty)).isEqualTo(AlertSeverity.FAILURE);
        AlertNotifier notifier = AlertSettings.notifier(empty, template());
        assertThat(notifier.channels()).isEmpty();
    }

    @Test
    void mailAndWebhookInThatOrder() {
        Map<String, String> properties = mail("alert.mail.to", " ops@example.com, \"DBA Team\" <dba@example.com> ,",
                "alert.webhook.url", "HTTPS://hooks.example.com/T0KEN");

        var channels = AlertSettings.channels(settings(properties), template());

        assertThat(channels).extracting(AlertChannel::name).containsExactly("mail", "webhook");
        assertThat(((MailAlertChannel) channels.get(0)).recipients())
                .containsExactly("ops@example.com", "DBA Team <dba@example.com>");
        assertThat(channels.get(1).toString()).doesNotContain("T0KEN");
    }

    @Test
    void mailIsOffUnlessEnabled() {
        Map<String, String> properties = mail("alert.mail.enabled", "false");

        assertThat(AlertSettings.channels(settings(properties), template())).isEmpty();
    }

    @Test
    void minSeverityAndHostName() {
        Settings settings = settings(Map.of("alert.min-severity", "CRITICAL", "alert.host-name", "db-host-1"));

        assertThat(AlertSettings.minSeverity(settings)).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(AlertSettings.hostName(settings)).isEqualTo("db-host-1");
        assertThat(AlertSettings.hostName(settings(Map.of()))).isNotBlank();
    }

    @Test
    void errorsNameTheKey() {
        assertRejected(mail("alert.mail.to", " , "), "alert.mail.to");
        assertRejected(mail("alert.mail.to", "ops@example.com, not an address"), "alert.mail.to");
        assertRejected(mail("alert.mail.from", "nobody"), "alert.mail.from");
        Map<String, String> noFrom = mail();
        noFrom.remove("alert.mail.from");
        assertRejected(noFrom, "alert.mail.from");
        Map<String, String> noTo = mail();
        noTo.remove("alert.mail.to");
        assertRejected(noTo, "alert.mail.to");
        Map<String, String> noHost = mail();
        noHost.remove("alert.mail.host");
        assertRejected(noHost, "alert.mail.host");
        assertRejected(mail("alert.mail.enabled", "maybe"), "alert.mail.enabled");
        assertRejected(Map.of("alert.webhook.url", "ftp://example.com/x"), "alert.webhook.url");
        assertRejected(Map.of("alert.webhook.url", "hooks.example.com/x"), "alert.webhook.url");
        assertRejected(Map.of("alert.webhook.url", "https://example.com/a b?token=T0KEN"), "alert.webhook.url");
        assertRejected(Map.of("alert.webhook.url", "https://example.com/", "alert.webhook.timeout-ms", "soon"),
                "alert.webhook.timeout-ms");
        assertThatThrownBy(() -> AlertSettings.minSeverity(settings(Map.of("alert.min-severity", "warning"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("alert.min-severity");
    }

    @Test
    void aBadWebhookUrlIsNotQuotedInTheError() {
        assertThatThrownBy(() -> AlertSettings.channels(settings(Map.of("alert.webhook.url",
                "https://example.com/a b?token=T0KEN")), template()))
                .hasMessageNotContaining("T0KEN");
    }

    private static void assertRejected(Map<String, String> properties, String key) {
        assertThatThrownBy(() -> AlertSettings.channels(settings(properties), template()))
                .as("rejected naming %s", key)
                .isInstanceOf(InvalidSettingException.class)
                .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo(key));
    }
}
