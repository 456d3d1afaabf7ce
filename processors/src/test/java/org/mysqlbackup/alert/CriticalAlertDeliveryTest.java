package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mysqlbackup.config.Settings;

/**
 * Property 21 end to end, wired from properties the way the app does it: a critical alert goes
 * to a real SMTP server and a real webhook; with the mail server down the webhook still gets it,
 * and the report names the channel that gave up.
 */
class CriticalAlertDeliveryTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetup.SMTP.dynamicPort());

    private final BlockingQueue<String> webhookBodies = new LinkedBlockingQueue<>();
    private final CapturedLog log = new CapturedLog(AlertNotifier.class);
    private HttpServer webhook;
    private CamelFixture camel;

    @BeforeEach
    void start() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", exchange -> {
            webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        camel = new CamelFixture();
    }

    @AfterEach
    void stop() {
        camel.close();
        webhook.stop(0);
        log.close();
    }

    private AlertNotifier notifier(int smtpPort) {
        Map<String, String> properties = new HashMap<>();
        properties.put("alert.mail.enabled", "true");
        properties.put("alert.mail.host", "127.0.0.1");
        properties.put("alert.mail.port", Integer.toString(smtpPort));
        properties.put("alert.mail.security", "none");
        properties.put("alert.mail.from", "mysql-backup@db-host-1.example");
        properties.put("alert.mail.to", "ops@ops.example,dba@dba.example");
        properties.put("alert.mail.timeout-ms", "3000");
        properties.put("alert.webhook.url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        properties.put("alert.webhook.timeout-ms", "3000");
        properties.put("alert.min-severity", "critical");
        Settings settings = new Settings(key -> Optional.ofNullable(properties.get(key)));
        // the app uses AlertSettings.notifier (3 attempts, 1 s back-off); no waiting in a test
        return new AlertNotifier(AlertSettings.channels(settings, camel.template()), AlertSettings.minSeverity(settings),
                2, Duration.ZERO);
    }

    @Test
    void aCriticalAlertReachesMailAndWebhook() throws Exception {
        AlertReport report = notifier(SMTP.getSmtp().getPort()).notify(SampleAlerts.critical());

        assertThat(report.delivered()).containsExactly("mail", "webhook");
        assertThat(report.failed()).isEmpty();
        assertThat(SMTP.waitForIncomingEmail(5000, 2)).isTrue();
        assertThat(SMTP.getReceivedMessages()).extracting(m -> m.getSubject())
                .containsOnly(SampleAlerts.critical().subject());
        assertThat(webhookBodies.poll(5, TimeUnit.SECONDS)).contains("\"severity\":\"CRITICAL\"");
    }

    @Test
    void withTheMailServerDownTheWebhookStillGetsIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        AlertReport report = notifier(closedPort).notify(SampleAlerts.critical());

        assertThat(report.delivered()).containsExactly("webhook");
        assertThat(report.failed()).singleElement().satisfies(failure -> {
            assertThat(failure.channel()).isEqualTo("mail");
            assertThat(failure.attempts()).isEqualTo(2);
            assertThat(failure.reason()).contains("Connection refused");
        });
        assertThat(webhookBodies.poll(5, TimeUnit.SECONDS)).contains("\"step\":\"start-mysql\"");
    }

    @Test
    void aFailureBelowTheConfiguredMinimumOnlyReachesTheLog() throws Exception {
        AlertReport report = notifier(SMTP.getSmtp().getPort()).notify(SampleAlerts.failure());

        assertThat(report.filtered()).isTrue();
        assertThat(SMTP.waitForIncomingEmail(300, 1)).isFalse();
        assertThat(webhookBodies).isEmpty();
        assertThat(log.events()).hasSize(1);
    }
}
