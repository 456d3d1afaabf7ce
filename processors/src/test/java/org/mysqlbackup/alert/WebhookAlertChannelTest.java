package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook POSTs the alert as JSON to a real HTTP server (the JDK's); the server's status
 * decides: 2xx is delivered, anything else, or no answer in time, is a failure that names the
 * host but not the URL (which may hold a token).
 */
class WebhookAlertChannelTest {
    private static final String TOKEN_PATH = "/hooks/T0KEN-s3cr3t";

    private static CamelFixture camel;
    private HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final CountDownLatch releaseSlowAnswer = new CountDownLatch(1);
    private volatile boolean slow;

    record Request(String method, String path, String rawPath, String query, String contentType, String body) {
    }

    @BeforeAll
    static void startCamel() {
        camel = new CamelFixture();
    }

    @AfterAll
    static void stopCamel() {
        camel.close();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseSlowAnswer.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"), body));
        if (slow) {
            try {
                releaseSlowAnswer.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(status.get(), -1);
        exchange.close();
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    @Test
    void postsEveryFieldAsJson() throws Exception {
        Alert alert = SampleAlerts.critical();

        new WebhookAlertChannel(camel.template(), url(TOKEN_PATH + "?channel=dba"), Duration.ofSeconds(5)).send(alert);

        Request request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(TOKEN_PATH);
        assertThat(request.query()).as("the URL's own query reaches the server, Camel's options do not")
                .isEqualTo("channel=dba");
        assertThat(request.contentType()).startsWith("application/json");
        JsonNode json = new ObjectMapper().readTree(request.body());
        assertThat(json.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(json.get("host").asText()).isEqualTo("db-host-1");
        assertThat(json.get("configName").asText()).isEqualTo("main");
        assertThat(json.get("backupId").asLong()).isEqualTo(42);
        assertThat(json.get("step").asText()).isEqualTo("start-mysql");
        assertThat(json.get("reason").asText()).isEqualTo(alert.reason());
        assertThat(json.get("action").asText()).isEqualTo(alert.action());
        assertThat(json.get("time").asText()).isEqualTo("2025-01-31T02:00:07Z");
        assertThat(json.get("subject").asText()).isEqualTo(alert.subject());
        assertThat(requests).as("exactly one request").isEmpty();
    }

    @Test
    void escapesInTheUrlReachTheServerUnchanged() throws Exception {
        String pathAndQuery = "/hooks/a%2Fb%25c?sig=ab%2Bc%3D%25&name=x+y&empty=";

        new WebhookAlertChannel(camel.template(), url(pathAndQuery), Duration.ofSeconds(5)).send(SampleAlerts.critical());

        Request request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.rawPath() + "?" + request.query()).isEqualTo(pathAndQuery);
    }

    @Test
    void aServerErrorIsAFailureThatDoesNotRevealTheUrl() {
        status.set(500);
        WebhookAlertChannel channel = new WebhookAlertChannel(camel.template(), url(TOKEN_PATH), Duration.ofSeconds(5));

        assertThatThrownBy(() -> channel.send(SampleAlerts.critical()))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("127.0.0.1")
                .hasMessageNotContaining("T0KEN");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailure() {
        status.set(302);
        WebhookAlertChannel channel = new WebhookAlertChannel(camel.template(), url(TOKEN_PATH), Duration.ofSeconds(5));

        assertThatThrownBy(() -> channel.send(SampleAlerts.failure())).hasMessageContaining("HTTP 302");
    }

    @Test
    void noAnswerWithinTheTimeoutIsAFailure() {
        slow = true;
        WebhookAlertChannel channel = new WebhookAlertChannel(camel.template(), url(TOKEN_PATH), Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThatThrownBy(() -> channel.send(SampleAlerts.critical()))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("Timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aClosedPortIsAFailure() throws IOException {
        server.stop(0);
        WebhookAlertChannel channel = new WebhookAlertChannel(camel.template(), url(TOKEN_PATH), Duration.ofSeconds(2));

        assertThatThrownBy(() -> channel.send(SampleAlerts.critical()))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageNotContaining("T0KEN");
    }

    @Test
    void theJsonHasExactlyTheAlertFieldsAndTheSubject() throws Exception {
        JsonNode json = new ObjectMapper().readTree(WebhookAlertChannel.toJson(SampleAlerts.failure()));

        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("severity", "host", "configName", "backupId", "step", "reason", "action",
                "time", "subject");
    }
}
