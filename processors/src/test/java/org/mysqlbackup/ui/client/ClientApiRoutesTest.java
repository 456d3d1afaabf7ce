package org.mysqlbackup.ui.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.main.Main;
import org.apache.camel.model.rest.RestBindingMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.client.MySqlTargets;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.configuration.FieldError;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.schedule.ScheduleBeans;
import org.mysqlbackup.schedule.ScheduledRunGuard;
import org.mysqlbackup.ui.ConsoleErrorReply;

/**
 * The shipped routes-client/console/client-api.camel.yaml over real HTTP (platform-http), with
 * its beans bound as the daemon binds them and the framework's error answers; the login guard
 * (ConsoleSecurityIT's) and the backup routes are left out or stood in for: this test is about
 * the API file.
 */
class ClientApiRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    private ConsoleFixture fixture;
    private Main main;
    private String base;
    private final CountDownLatch backupMayEnd = new CountDownLatch(1);
    private final List<String> backups = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new ConsoleFixture(temp);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        main = new Main();
        Map<String, String> properties = new HashMap<>(Map.of(
                "camel.main.routes-include-pattern", "file:../routes-client/console/client-api.camel.yaml",
                "camel.server.enabled", "true", "camel.server.port", Integer.toString(port),
                "db.file", temp.resolve("client.db").toString()));
        properties.forEach(main::addOverrideProperty);
        main.configure().addConfiguration(new org.apache.camel.CamelConfiguration() {
            @Override
            public void configure(CamelContext context) throws Exception {
                org.mysqlbackup.config.Settings settings = new org.mysqlbackup.config.Settings(
                        key -> java.util.Optional.ofNullable(properties.get(key))
                                .or(() -> ConsoleFixture.BASE.optional(key)));
                context.getRegistry().bind("scheduledRunGuard",
                        new ScheduledRunGuard(new ActiveRuns(), ScheduleBeans.pauses(settings)));
                ClientConsoleBeans.bind(context, settings, fixture.db, fixture.secrets,
                        new BackupLogStore(fixture.db, Clock.systemUTC()),
                        new MySqlTargets(new CommandRunner())::build);
                context.addRoutes(new StandIns(backups, backupMayEnd));
            }
        });
        main.start();
    }

    @AfterEach
    void stop() throws Exception {
        backupMayEnd.countDown();
        main.stop();
        fixture.close();
    }

    /** The framework's restConfiguration and error mapping, and the backup routes, as stand-ins. */
    private static final class StandIns extends RouteBuilder {
        private final List<String> backups;
        private final CountDownLatch backupMayEnd;

        StandIns(List<String> backups, CountDownLatch backupMayEnd) {
            this.backups = backups;
            this.backupMayEnd = backupMayEnd;
        }

        @Override
        public void configure() throws Exception {
            // as routes-console/console.camel.yaml declares them, with the framework's own error answers
            restConfiguration().component("platform-http").bindingMode(RestBindingMode.json)
                    .skipBindingOnErrorCode(false);
            getContext().getRegistry().bind("consoleErrorReply", new ConsoleErrorReply());
            getContext().addRoutes(new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    routeConfiguration("console-errors").onException(Exception.class).handled(true)
                            .bean("consoleErrorReply", "reply");
                }
            });
            from("direct:resume-pending").routeId("stand-in-resume").log("resume stand-in");
            from("direct:backup").routeId("stand-in-backup").process(e -> {
                backups.add(e.getMessage().getHeader("MysqlBackupConfigName", String.class)
                        + " body=" + e.getMessage().getBody() + " user=" + e.getMessage().getHeader("UiUser"));
                backupMayEnd.await(30, TimeUnit.SECONDS);
            });
        }

    }

    private HttpResponse<String> call(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("UiUser", "alice");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void eventually(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static Map<String, Object> form(String name, Map<String, String> settings) {
        Map<String, Object> form = new HashMap<>();
        form.put("name", name);
        form.put("settings", settings);
        return form;
    }

    @Test
    void configurationsAreRefusedPerFieldStoredAndAnsweredWithoutTheirSecrets() throws Exception {
        Map<String, String> bad = new HashMap<>(ConsoleFixture.instance("sales", "3308"));
        bad.put("mysql.port", "abc");
        HttpResponse<String> refused = call("POST", "/api/configurations", form("sales", bad));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        List<FieldError> expected = fixture.catalog.validate(
                org.mysqlbackup.configuration.BackupConfiguration.of("sales", bad));
        assertThat(json(refused).get("fields").get(0).get("field").asText()).isEqualTo("mysql.port");
        assertThat(json(refused).get("fields").get(0).get("message").asText()).isEqualTo(expected.get(0).message());

        HttpResponse<String> check = call("POST", "/api/configuration-checks", form("sales", bad));
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(json(check).get("valid").asBoolean()).isFalse();

        Map<String, Object> good = form("sales", ConsoleFixture.instance("sales", "3308"));
        good.put("secrets", Map.of("mysql.password", "hunter2-secret"));
        HttpResponse<String> created = call("POST", "/api/configurations", good);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("secrets").get("mysql.password").asText()).isEqualTo("set");
        for (String path : List.of("/api/configurations", "/api/configurations/sales", "/api/configuration-keys")) {
            HttpResponse<String> answer = call("GET", path, null);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).doesNotContain("hunter2-secret").doesNotContain("enc:v1:");
        }
        assertThat(json(call("GET", "/api/configurations/sales/check", null)).get("valid").asBoolean()).isTrue();
        assertThat(call("GET", "/api/configurations/nosuch", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/configurations/sales", null).statusCode()).isEqualTo(204);
        assertThat(fixture.catalog.list()).isEmpty();
    }

    @Test
    void theWizardPreviewsThenSavesASchedule() throws Exception {
        fixture.add("sales", "3308");
        Map<String, Object> weekly = Map.of("type", "weekly", "day", "SUN", "time", "03:15", "timeZone", "UTC");
        JsonNode preview = json(call("POST", "/api/configurations/sales/schedule-preview", weekly));
        assertThat(preview.get("valid").asBoolean()).isTrue();
        assertThat(preview.get("next")).hasSize(5);
        assertThat(json(call("POST", "/api/configurations/sales/schedule-preview", Map.of("type", "weekly",
                "time", "03:15", "timeZone", "UTC"))).get("problems").get("day").asText()).startsWith("missing");

        HttpResponse<String> saved = call("PUT", "/api/configurations/sales/schedules", weekly);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        long id = json(saved).get("id").asLong();
        assertThat(fixture.schedules.list("sales")).singleElement()
                .satisfies(s -> assertThat(s.describe()).isEqualTo("weekly on Sunday at 03:15 (UTC)"));
        assertThat(json(call("POST", "/api/configurations/sales/schedules/" + id + "/disable", null))
                .get("enabled").asBoolean()).isFalse();
        HttpResponse<String> invalid = call("PUT", "/api/configurations/sales/schedules", Map.of("type", "daily"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("error").asText()).contains("time: missing");
        assertThat(call("DELETE", "/api/configurations/sales/schedules/" + id, null).statusCode()).isEqualTo(204);
    }

    @Test
    void backupNowAnswersAtOnceAndRefusesASecondRunWhileTheFirstGoesOn() throws Exception {
        fixture.add("sales", "3308");
        HttpResponse<String> started = call("POST", "/api/configurations/sales/backup", null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(json(started).get("requestedBy").asText()).isEqualTo("alice");
        eventually(() -> !backups.isEmpty());
        assertThat(backups).containsExactly("sales body=null user=null");

        HttpResponse<String> second = call("POST", "/api/configurations/sales/backup", null);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).get("error").asText()).contains("is running already");
        assertThat(call("POST", "/api/configurations/nosuch/backup", null).statusCode()).isEqualTo(404);

        backupMayEnd.countDown();
        eventually(() -> call("POST", "/api/configurations/sales/backup", null).statusCode() == 202);
        assertThat(call("POST", "/api/backups/42/cancel", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theProgressStreamSendsEachEventAsItComesNotAtItsEnd() throws Exception {
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/api/backups/events")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            int events = 0;
            String line;
            while (events < 2 && (line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    assertThat(JSON.readTree(line.substring(6)).has("running")).isTrue();
                    events++;
                }
            }
            assertThat(events).isEqualTo(2);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two events of a 25 s stream")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void progressAndHistoryAnswerAsTheirServicesDo() throws Exception {
        JsonNode board = json(call("GET", "/api/backups/progress", null));
        assertThat(board.get("running")).isEmpty();
        HttpResponse<String> history = call("GET", "/api/history?status=Completed&limit=5", null);
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        assertThat(json(history)).isEmpty();
        HttpResponse<String> bad = call("GET", "/api/history?configuration=nosuch", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).startsWith("configuration: no configuration or recorded backup");
    }
}
