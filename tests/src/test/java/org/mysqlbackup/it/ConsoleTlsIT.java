package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.ui.ConsoleUsers;
import org.mysqlbackup.ui.PasswordHasher;

/**
 * {@code ui.tls = true}: the console speaks HTTPS with the server's own certificate (trusted
 * through the project's CA), its session cookie is Secure, and plain HTTP gets no page.
 */
class ConsoleTlsIT {
    @Test
    void theConsoleSpeaksHttpsWithTheServersCertificate() throws Exception {
        Path work = TestPaths.scratch(ConsoleTlsIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        int port = TestPaths.freePort();
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, Map.of(
                "ui.enabled", "true", "ui.port", Integer.toString(port), "ui.tls", "true"))) {
            new ConsoleUsers(server.bean("database", DataSource.class), new PasswordHasher(), Clock.systemUTC())
                    .save("ops", "a long enough password".toCharArray(), false);
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(certs)).connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                    + "/ui/login.html")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("login-form");
            assertThat(page.sslSession()).isPresent();

            HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                            + "/api/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ops\",\"password\":\"a long enough password\"}"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly");

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/ui/login.html")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    private static SSLContext trusting(TestCertificates certs) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        char[] password = Files.readString(TestCertificates.passwordFile(certs.trustStore())).strip().toCharArray();
        try (InputStream in = Files.newInputStream(certs.trustStore())) {
            trust.load(in, password);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
