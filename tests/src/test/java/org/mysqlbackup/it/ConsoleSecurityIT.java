package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.protocol.FrameType;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FrameSocket;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.transfer.Digests;
import org.mysqlbackup.ui.ConsoleUsers;
import org.mysqlbackup.ui.PasswordHasher;

/**
 * The server console's gate over real HTTP: every REST endpoint the OpenAPI description lists
 * answers 401 without a session; a state-changing call without the CSRF token is refused; no page
 * or answer holds the key store's password or a password hash; password guessing is slowed to a
 * refusal that does not even check the password.
 */
class ConsoleSecurityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void everyCallNeedsALoginAndNothingSecretIsEverAnswered() throws Exception {
        Path work = TestPaths.scratch(ConsoleSecurityIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        int port = TestPaths.freePort();
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, Map.of(
                "ui.enabled", "true", "ui.port", Integer.toString(port), "ui.login-free-attempts", "3"))) {
            String base = "http://127.0.0.1:" + port;
            new ConsoleUsers(server.bean("database", DataSource.class), new PasswordHasher(), Clock.systemUTC())
                    .save("ops", PASSWORD.toCharArray(), false);
            Path keys = certs.client("db-1");
            byte[] file = new byte[200_000];
            new Random(7).nextBytes(file);
            InitTransfer init = new InitTransfer(UUID.randomUUID().toString(), "main", "main.zip", file.length,
                    64 * 1024, Digests.sha256Hex(file), md5(file), System.currentTimeMillis());
            assertThat(FrameSocket.transfer(server.port(), keys, certs.trustStore(), init, file).type())
                    .isEqualTo(FrameType.STORED);

            // anonymous: pages send to the login page, calls get 401
            assertThat(get(base + "/ui/index.html", null).statusCode()).isEqualTo(302);
            assertThat(get(base + "/api/openapi.json", null).statusCode()).isEqualTo(401);
            assertThat(get(base + "/ui/login.html", null).statusCode()).isEqualTo(200);

            HttpResponse<String> wrong = login(base, "ops", "not the password");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("wrong user name or password");
            Session session = session(login(base, "ops", PASSWORD));

            // every endpoint of the API description, called without the session, is refused
            JsonNode api = JSON.readTree(get(base + "/api/openapi.json", session).body());
            List<String[]> calls = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                path.getValue().fieldNames().forEachRemaining(method -> calls.add(new String[] {
                        method.toUpperCase(), path.getKey().replaceAll("\\{[^}]+}", "1")}));
            }
            assertThat(calls).extracting(c -> c[1]).contains("/api/dashboard", "/api/history", "/api/session");
            for (String[] call : calls) {
                if (call[1].equals("/api/login") && call[0].equals("POST")) {
                    continue; // the one open call
                }
                HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base + call[1]))
                        .method(call[0], HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).as("%s %s without a session", call[0], call[1]).isIn(401, 302);
            }

            // nothing secret in any page or answer the console gives a logged-in user
            String keyStorePassword = Files.readString(TestCertificates.passwordFile(certs.serverKeyStore())).strip();
            List<String> everything = new ArrayList<>();
            for (String[] call : calls) {
                if (call[0].equals("GET") && !call[1].endsWith("/events")) {
                    HttpResponse<String> answer = get(base + call[1], session);
                    // the home page sends to /ui/index.html; /ui/1 is no file (404); everything else answers
                    assertThat(answer.statusCode()).as("GET %s: %s", call[1], answer.body())
                            .isEqualTo(call[1].equals("/") ? 302 : call[1].equals("/ui/1") ? 404 : 200);
                    everything.add(answer.body());
                }
            }
            for (String page : new String[] {"index.html", "history.html", "detail.html", "stored.html", "console.js",
                    "login.html"}) {
                everything.add(get(base + "/ui/" + page, session).body());
            }
            everything.add(get(base + "/api/history/export?format=json", session).body());
            everything.add(get(base + "/api/history/" + firstId(base, session), session).body());
            for (String answer : everything) {
                assertThat(answer).doesNotContain(keyStorePassword).doesNotContain("$argon2id$")
                        .doesNotContain(PASSWORD);
            }

            // a state-changing call without the CSRF token is refused, with it it works
            HttpResponse<String> noToken = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .header("Cookie", session.cookie).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).isEqualTo(403);
            assertThat(get(base + "/api/session", session).statusCode()).isEqualTo(200);
            // the user name the routes see is the guard's: a request cannot bring its own
            assertThat(get(base + "/api/session?UiUser=admin", session).statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                    .header("Cookie", session.cookie).header("UiUser", "admin").build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("user").asText()).isEqualTo("ops");
            HttpResponse<String> logout = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .header("Cookie", session.cookie).header("X-CSRF-Token", session.csrf).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(logout.statusCode()).isEqualTo(200);
            assertThat(get(base + "/api/session", session).statusCode()).as("the session ended").isEqualTo(401);

            // guessing: after three failures even the right password is refused without being checked
            for (int i = 0; i < 3; i++) {
                assertThat(login(base, "ops", "guess " + i).statusCode()).isIn(401, 429);
            }
            HttpResponse<String> slowed = login(base, "ops", PASSWORD);
            assertThat(slowed.statusCode()).isEqualTo(429);
            assertThat(slowed.headers().firstValue("Retry-After")).isPresent();
            assertThat(slowed.body()).contains("too many failed logins");
        }
    }

    private static long firstId(String base, Session session) throws Exception {
        return JSON.readTree(get(base + "/api/history", session).body()).get("rows").get(0).get("id").asLong();
    }

    private record Session(String cookie, String csrf) {
    }

    private static Session session(HttpResponse<String> login) throws Exception {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        return new Session(cookie.substring(0, cookie.indexOf(';')), JSON.readTree(login.body()).get("csrfToken")
                .asText());
    }

    private static HttpResponse<String> login(String base, String user, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("user", user, "password", password));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/login")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, Session session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (session != null) {
            request.header("Cookie", session.cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
