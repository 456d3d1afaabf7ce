package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.FrameType;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FrameSocket;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.transfer.Digests;

/**
 * The server's management port, scraped over real HTTP while real clients send over real TLS:
 * readiness UP with the database, storage and listener checks, and DOWN (503, with the reason)
 * once the storage root is gone; the backup metrics of a configuration move after a stored
 * backup (last success time, size) and its failure count after a transfer refused at finalize.
 * The client daemon's port: its readiness (database, work folder) and the metrics of the
 * backups a command beside it runs, a failed one included.
 */
class ObservabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 64 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthAndBackupMetricsFollowWhatTheServerDoes() throws Exception {
        Path work = TestPaths.scratch(ObservabilityIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path client = certs.client("db-1");
        int management = TestPaths.freePort();
        Map<String, String> settings = Map.of(
                "camel.management.enabled", "true",
                "camel.management.port", Integer.toString(management),
                "observe.metrics-refresh-ms", "300");
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, settings)) {
            String base = "http://127.0.0.1:" + management + "/observe";

            HttpResponse<String> ready = get(base + "/health/ready?exposureLevel=full");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode checks = JSON.readTree(ready.body()).get("checks");
            for (String check : new String[] {"database", "storage", "listener"}) {
                assertThat(status(checks, check)).as("readiness check %s", check).isEqualTo("UP");
            }
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);

            // nothing stored yet: no series for the configuration
            assertThat(get(base + "/metrics").body()).doesNotContain("config=\"nightly\"");

            byte[] first = bytes(1, 3 * CHUNK + 100);
            assertThat(send(server, certs, client, "nightly", first, first).type()).isEqualTo(FrameType.STORED);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = get(base + "/metrics").body();
                assertThat(value(metrics, "mysql_backup_last_success_size_bytes", "db-1", "nightly"))
                        .isEqualTo(first.length);
                assertThat(value(metrics, "mysql_backup_failed_transfers", "db-1", "nightly")).isZero();
            });
            double firstSuccess = value(get(base + "/metrics").body(),
                    "mysql_backup_last_success_timestamp_seconds", "db-1", "nightly");
            assertThat(firstSuccess * 1000).isBetween(System.currentTimeMillis() - 120_000.0,
                    System.currentTimeMillis() + 1_000.0);

            // a transfer refused at finalize (its bytes are not the file it announced) counts as a failure
            byte[] announced = bytes(2, 2 * CHUNK);
            byte[] sent = bytes(3, 2 * CHUNK);
            assertThat(send(server, certs, client, "nightly", announced, sent).type()).isEqualTo(FrameType.ERROR);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    value(get(base + "/metrics").body(), "mysql_backup_failed_transfers", "db-1", "nightly"))
                    .isEqualTo(1));

            // a second stored backup moves the last success on
            Thread.sleep(1100);
            byte[] second = bytes(4, CHUNK + 7);
            assertThat(send(server, certs, client, "nightly", second, second).type()).isEqualTo(FrameType.STORED);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = get(base + "/metrics").body();
                assertThat(value(metrics, "mysql_backup_last_success_size_bytes", "db-1", "nightly"))
                        .isEqualTo(second.length);
                assertThat(value(metrics, "mysql_backup_last_success_timestamp_seconds", "db-1", "nightly"))
                        .isGreaterThan(firstSuccess);
                assertThat(value(metrics, "mysql_backup_received_bytes", "db-1", "nightly"))
                        .isEqualTo(first.length + second.length);
            });

            // the storage root gone: not ready, and the answer says why
            Path moved = work.resolve("storage-away");
            Files.move(server.storageRoot(), moved);
            try {
                HttpResponse<String> down = get(base + "/health/ready");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(status(JSON.readTree(down.body()).get("checks"), "storage")).isEqualTo("DOWN");
                assertThat(down.body()).contains("is not there");
            } finally {
                Files.move(moved, server.storageRoot());
            }
            assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theClientDaemonServesItsReadinessAndTheMetricsOfItsBackups() throws Exception {
        Path work = TestPaths.scratch(ObservabilityIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        int management = TestPaths.freePort();
        try (BackupServerFixture server = BackupServerFixture.start(work.resolve("server"), certs)) {
            BackupClientFixture client = new BackupClientFixture(work.resolve("client"), server.port(),
                    certs.properties(certs.client("db-2")));
            Map<String, String> daemon = new HashMap<>(client.properties());
            daemon.put("camel.main.name", "client-daemon");
            daemon.put("camel.management.enabled", "true");
            daemon.put("camel.management.port", Integer.toString(management));
            daemon.put("observe.metrics-refresh-ms", "300");
            Main main = new ClientApp(TestPaths.clientConfig(), daemon).main(daemon);
            main.start();
            try {
                String base = "http://127.0.0.1:" + management + "/observe";
                HttpResponse<String> ready = get(base + "/health/ready?exposureLevel=full");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                JsonNode checks = JSON.readTree(ready.body()).get("checks");
                assertThat(status(checks, "database")).isEqualTo("UP");
                assertThat(status(checks, "work-dir")).isEqualTo("UP");

                // a one-shot command beside the daemon (its own Camel) ships a file; the daemon's metrics show it
                Path file = work.resolve("it.zip");
                Files.write(file, bytes(5, 2 * CHUNK + 3));
                assertThat(client.send(file).status()).isEqualTo("Completed");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String metrics = get(base + "/metrics").body();
                    assertThat(series(metrics, "mysql_backup_last_success_size_bytes", "config", "it"))
                            .isEqualTo(2 * CHUNK + 3);
                    assertThat(series(metrics, "mysql_backup_failed_backups", "config", "it")).isZero();
                });

                // the server gone: the next send fails, and the failure count moves
                server.close();
                assertThat(client.send(file).status()).isEqualTo("Failed");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        series(get(base + "/metrics").body(), "mysql_backup_failed_backups", "config", "it"))
                        .isEqualTo(1));
            } finally {
                main.stop();
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String status(JsonNode checks, String name) {
        for (JsonNode check : checks) {
            if (check.get("name").asText().equals(name)) {
                return check.get("status").asText();
            }
        }
        return "absent";
    }

    /** The value of {@code name{client,config}} in a Prometheus text page. */
    private static double value(String metrics, String name, String client, String config) {
        return series(metrics, name, "client", client, "config", config);
    }

    /** The value of the series {@code name} whose labels include {@code labels} (name, value, ...). */
    private static double series(String metrics, String name, String... labels) {
        Pattern series = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = series.matcher(metrics);
        while (m.find()) {
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= m.group(1).contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no series " + name + " with labels " + String.join(",", labels));
    }

    /** One transfer announcing {@code announced} and sending {@code sent}; the answer to FINALIZE. */
    private static Frame send(BackupServerFixture server, TestCertificates certs, Path keys, String config,
                              byte[] announced, byte[] sent) throws Exception {
        InitTransfer init = new InitTransfer(UUID.randomUUID().toString(), config, config + ".zip", announced.length,
                CHUNK, Digests.sha256Hex(announced), md5(announced), System.currentTimeMillis());
        return FrameSocket.transfer(server.port(), keys, certs.trustStore(), init, sent);
    }

    private static byte[] bytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
