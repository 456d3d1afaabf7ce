package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mysqlbackup.config.Settings;

/**
 * A critical alert mailed over plain SMTP with SMTP AUTH to a real SMTP server (GreenMail): every
 * recipient gets it, with the subject and a body that name host, configuration, step, reason and
 * action; a password full of URI syntax still logs in, and a wrong one is refused.
 */
class SmtpAlertMailTest {
    /** Characters that mean something in a URI query, and a space. */
    private static final String PASSWORD = "p&ss+w%rd=1 (x)#?/";
    /** What no URI quoting carries: "&&", a percent escape, both closing brackets, a placeholder. */
    private static final String OTHER_PASSWORD = "%41&&b+c=d {x)} {{env:HOME}}";
    private static final List<String> RECIPIENTS =
            List.of("ops@ops.example", "dba@dba.example", "oncall@pager.example");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetup.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.org", "alerts", PASSWORD)
                    .withUser("other@example.org", "other", OTHER_PASSWORD));

    /** One per test: the credentials are bound in its registry, as the app does once at start-up. */
    private final CamelFixture camel = new CamelFixture();

    @AfterEach
    void stopCamel() {
        camel.close();
    }

    @Test
    void everyRecipientGetsTheCriticalAlertWithSubjectAndAllFields() throws Exception {
        Alert alert = SampleAlerts.critical();

        channel("alerts", PASSWORD).send(alert);

        assertThat(SMTP.waitForIncomingEmail(5000, RECIPIENTS.size())).as("one copy per recipient").isTrue();
        for (String recipient : RECIPIENTS) {
            List<MimeMessage> inbox = SMTP.findReceivedMessages(user -> user.getEmail().equals(recipient), m -> true)
                    .toList();
            assertThat(inbox).as("inbox of %s", recipient).hasSize(1);
            MimeMessage mail = inbox.get(0);
            assertThat(mail.getSubject()).isEqualTo(
                    "[mysql-backup] CRITICAL on db-host-1: backup 'main' failed at start-mysql, MySQL is NOT running");
            assertThat(Arrays.stream(mail.getFrom()).map(Object::toString)).containsExactly("backup@db-host-1.example");
            assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                    .containsExactlyElementsOf(RECIPIENTS);
            assertThat(mail.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
            // SMTP transports lines as CRLF and may drop the final line break
            String body = ((String) mail.getContent()).replace("\r\n", "\n").strip();
            assertThat(body)
                    .contains("Host:           db-host-1")
                    .contains("Configuration:  main")
                    .contains("Backup id:      42")
                    .contains("Failed step:    start-mysql")
                    .contains("Reason:         " + alert.reason())
                    .contains("Time:           2025-01-31 02:00:07 UTC")
                    .endsWith("WHAT TO DO NOW\n==============\n" + alert.action());
        }
    }

    @Test
    void aPasswordNoUriQuotingCouldCarryLogsInAsWritten() {
        channel("other", OTHER_PASSWORD).send(SampleAlerts.failure());

        assertThat(SMTP.waitForIncomingEmail(5000, RECIPIENTS.size())).isTrue();
        assertThat(SMTP.getReceivedMessages()).hasSize(RECIPIENTS.size());
    }

    @Test
    void aWrongPasswordIsRefusedAndReportedWithoutThePassword() {
        String wrong = PASSWORD + "-wrong";

        assertThatThrownBy(() -> channel("alerts", wrong).send(SampleAlerts.failure()))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("AuthenticationFailedException")
                .hasMessageNotContaining(wrong);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    private MailAlertChannel channel(String username, String password) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "alert.mail.host", SMTP.getSmtp().getBindTo(),
                "alert.mail.port", Integer.toString(SMTP.getSmtp().getPort()),
                "alert.mail.security", "none",
                "alert.mail.username", username,
                "alert.mail.password", password,
                "alert.mail.timeout-ms", "5000"));
        String uri = MailEndpointFactory.fromSettings(new Settings(key -> Optional.ofNullable(properties.get(key))),
                camel.context());
        return new MailAlertChannel(camel.template(), uri, "backup@db-host-1.example", RECIPIENTS);
    }
}
