package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.run.Archive;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestPaths;

/**
 * A real backup of a sandbox MariaDB, then one whose file fails the server's whole-file check
 * (the client announces a wrong SHA-256): the events of both, on both sides, reach a {@code file:}
 * and a {@code seda:} endpoint of events.uris as JSON with the fields README "Events" documents,
 * the same on both endpoints.
 */
class EventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER_SEDA = "seda:server-events-it";

    private static SampleSite site;
    private static Path serverSpool;

    @BeforeAll
    static void start() throws Exception {
        serverSpool = TestPaths.scratch(EventsIT.class).resolve("server-events");
        site = SampleSite.start(EventsIT.class, Map.of("events.uris", "file:" + serverSpool + "," + SERVER_SEDA,
                "alert.host-name", "vault-it"));
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @Test
    void aBackupAndARefusedOneReachBothEndpointsOfBothSides() throws Exception {
        BlockingQueue<Exchange> okQueue = new LinkedBlockingQueue<>();
        BackupSummary ok = client("events-ok", okQueue).backupNow();
        BlockingQueue<Exchange> badQueue = new LinkedBlockingQueue<>();
        BackupSummary bad = client("events-bad", badQueue).with(EventsIT::announceAWrongChecksum).backupNow();

        assertThat(ok.status()).as("outcome: %s", ok.error()).isEqualTo("Completed");
        assertThat(bad.status()).isEqualTo("Failed");
        assertThat(bad.step()).isEqualTo("finalize");

        // client: started, each step, the end; the same JSON in the file: and the seda: endpoint
        List<JsonNode> okEvents = parse(okQueue);
        assertThat(okEvents).isNotEmpty();
        assertThat(okEvents).allSatisfy(e -> {
            assertThat(e.get("schema").asInt()).isEqualTo(1);
            assertThat(e.get("side").asText()).isEqualTo("client");
            assertThat(e.get("host").asText()).isEqualTo("db-it");
            assertThat(e.get("configuration").asText()).isEqualTo("it");
            assertThat(e.get("backupId").asLong()).isEqualTo(ok.backupId());
            assertThat(e.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        });
        assertThat(okEvents.get(0).get("event").asText()).isEqualTo("backup.started");
        assertThat(okEvents.stream().filter(e -> e.get("event").asText().equals("backup.step"))
                .map(e -> e.get("step").asText()))
                .containsSubsequence("pre-flight", "stop-mysql", "snapshot", "start-mysql", "transfer", "finalize");
        JsonNode completed = okEvents.get(okEvents.size() - 1);
        assertThat(completed.get("event").asText()).isEqualTo("backup.completed");
        assertThat(completed.get("status").asText()).isEqualTo("Completed");
        assertThat(completed.get("fileName").asText()).isEqualTo(ok.path());
        assertThat(completed.get("sizeBytes").asLong()).isEqualTo(ok.bytes());
        assertThat(completed.get("sha256").asText()).isEqualTo(ok.sha256());
        assertThat(completed.get("downtimeMs").asLong()).isEqualTo(ok.downtimeMs());
        assertThat(completed.get("durationMs").asLong()).isPositive();
        String okTransfer = completed.get("transferId").asText();
        assertThat(files(site.work().resolve("events-ok/spool"))).as("the file: endpoint got the same events")
                .containsExactlyInAnyOrderElementsOf(texts(okEvents));

        List<JsonNode> badEvents = parse(badQueue);
        JsonNode failed = badEvents.get(badEvents.size() - 1);
        assertThat(failed.get("event").asText()).isEqualTo("backup.failed");
        assertThat(failed.get("status").asText()).isEqualTo("Failed");
        assertThat(failed.get("step").asText()).isEqualTo("finalize");
        assertThat(failed.get("reason").asText()).isEqualTo(bad.error());
        assertThat(failed.get("mysqlRunning").asBoolean()).isTrue();
        String badTransfer = failed.get("transferId").asText();
        assertThat(files(site.work().resolve("events-bad/spool"))).containsExactlyInAnyOrderElementsOf(texts(badEvents));

        // server: each transfer opened, then stored or refused, on both of its endpoints
        SedaEndpoint serverSeda = site.server().endpoint(SERVER_SEDA, SedaEndpoint.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> serverSeda.getQueue().size() >= 4);
        List<JsonNode> serverEvents = parse(serverSeda.getQueue());
        assertThat(serverEvents).allSatisfy(e -> {
            assertThat(e.get("schema").asInt()).isEqualTo(1);
            assertThat(e.get("side").asText()).isEqualTo("server");
            assertThat(e.get("host").asText()).isEqualTo("vault-it");
        });
        assertThat(ofTransfer(serverEvents, okTransfer)).containsExactly("transfer.started", "transfer.stored");
        JsonNode stored = serverEvents.stream().filter(e -> e.get("event").asText().equals("transfer.stored"))
                .findFirst().orElseThrow();
        assertThat(stored.get("client").asText()).isEqualTo("events-ok");
        assertThat(stored.get("configuration").asText()).isEqualTo("it");
        assertThat(stored.get("fileName").asText()).isEqualTo(ok.path());
        assertThat(stored.get("sizeBytes").asLong()).isEqualTo(ok.bytes());
        assertThat(stored.get("sha256").asText()).isEqualTo(ok.sha256());
        assertThat(stored.get("status").asText()).isEqualTo("Completed");
        assertThat(ofTransfer(serverEvents, badTransfer)).containsExactly("transfer.started", "transfer.failed");
        JsonNode refused = serverEvents.stream().filter(e -> e.get("event").asText().equals("transfer.failed"))
                .findFirst().orElseThrow();
        assertThat(refused.get("client").asText()).isEqualTo("events-bad");
        assertThat(refused.get("reason").asText()).contains("SHA-256");
        assertThat(refused.get("backupId").asLong()).isPositive();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files(serverSpool))
                .containsExactlyInAnyOrderElementsOf(texts(serverEvents)));
        assertThat(String.join("\n", files(serverSpool)) + String.join("\n", files(site.work().resolve("events-ok/spool"))))
                .as("no secret in an event").doesNotContain(site.mysql().password());
    }

    /** The client announces a SHA-256 its file does not have: the server refuses it at finalize. */
    private static void announceAWrongChecksum(org.apache.camel.CamelContext context) {
        Processor open = context.getRegistry().lookupByNameAndType("openTransfer", Processor.class);
        context.getRegistry().unbind("openTransfer");
        context.getRegistry().bind("openTransfer", (Processor) exchange -> {
            BackupRun run = BackupRun.of(exchange);
            Archive real = run.archive();
            run.archive(new Archive(real.file(), real.size(), "0".repeat(64), real.md5(), real.owned(),
                    real.captured(), real.method(), real.note()));
            open.process(exchange);
        });
    }

    private static BackupClientFixture client(String name, BlockingQueue<Exchange> queue) throws Exception {
        Path work = site.work().resolve(name);
        return new BackupClientFixture(work, site.mysql(), site.server().port(),
                site.certs().properties(site.certs().client(name)))
                .set("alert.host-name", "db-it")
                .set("events.uris", "seda:client-events-it?queue=#itEvents,file:" + work.resolve("spool"))
                .with(context -> context.getRegistry().bind("itEvents", queue));
    }

    private static List<JsonNode> parse(BlockingQueue<Exchange> queue) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Exchange exchange : queue) {
            assertThat(exchange.getMessage().getHeader("Content-Type")).isEqualTo("application/json");
            events.add(JSON.readTree(exchange.getMessage().getBody(String.class)));
        }
        return events;
    }

    private static List<String> ofTransfer(List<JsonNode> events, String transferId) {
        return events.stream().filter(e -> e.has("transferId") && e.get("transferId").asText().equals(transferId))
                .map(e -> e.get("event").asText()).toList();
    }

    private static List<String> texts(List<JsonNode> events) {
        return events.stream().map(JsonNode::toString).toList();
    }

    /** The JSON of each file, re-serialized like {@link #texts} so only content is compared. */
    private static List<String> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return JSON.readTree(Files.readString(f)).toString();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
