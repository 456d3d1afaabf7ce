package org.mysqlbackup.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS 1.3 handshakes between JDK sockets, the server checking clients with the trust manager. */
class RevocationCheckingTrustManagerTest {
    private static final char[] PASSWORD = "test-password".toCharArray();

    @TempDir
    Path dir;

    private CertificateAuthority ca;
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private SSLServerSocket server;
    private CompletableFuture<Void> accepted;

    @BeforeEach
    void startServer() throws Exception {
        ca = CertificateAuthority.create("test CA", Duration.ofDays(10));
        ca.writeTrustStore(dir.resolve("truststore.p12"), PASSWORD);
        ca.issueServer("localhost", List.of("127.0.0.1"), Duration.ofDays(1), dir.resolve("server.p12"), PASSWORD);
        ca.writeRevocationList(dir.resolve(RevocationList.FILE_NAME), Map.of(), Duration.ofDays(30));

        TrustManagerFactory pkix = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        pkix.init(load(dir.resolve("truststore.p12")));
        RevocationCheckingTrustManager checking = new RevocationCheckingTrustManager(
                (X509ExtendedTrustManager) pkix.getTrustManagers()[0],
                RevocationList.besideTrustStore(dir.resolve("truststore.p12"), List.of(ca.certificate())),
                (clientId, remote, reason) -> refusals.add(clientId + "|" + remote + "|" + reason));
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys(dir.resolve("server.p12")), new TrustManager[] {checking}, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void acceptsAClientWhoseCertificateIsNotRevoked() throws Exception {
        Path alice = issue("alice");

        assertThat(roundTrip(alice)).isEqualTo(42);
        assertThat(refusals).isEmpty();
    }

    @Test
    void refusesARevokedCertificateFromTheNextHandshakeOnAndNamesTheClient() throws Exception {
        Path alice = issue("alice");
        Path bob = issue("bob");
        assertThat(roundTrip(alice)).isEqualTo(42);

        ca.writeRevocationList(dir.resolve(RevocationList.FILE_NAME),
                Map.of(certificate(alice).getSerialNumber(), Instant.now()), Duration.ofDays(30));

        Throwable refused = catchThrowable(() -> roundTrip(alice));
        // the JDK's engine sends certificate_unknown; BoringSSL (the server's) certificate_revoked,
        // which CertificateRevocationIT checks. In TLS 1.3 the client has finished its side of the
        // handshake before the server judges its certificate, so the client sees either the alert
        // or, when the server has already closed, a broken pipe on its next write.
        assertThat(refused).isInstanceOfAny(javax.net.ssl.SSLException.class, java.net.SocketException.class);
        assertThat(refusals).singleElement().asString().startsWith("alice|").contains("certificate revoked (serial "
                + certificate(alice).getSerialNumber().toString(16) + ")");
        assertThat(roundTrip(bob)).as("others still get in").isEqualTo(42);
    }

    @Test
    void aNewCertificateForARevokedIdIsAccepted() throws Exception {
        Path old = issue("alice");
        ca.writeRevocationList(dir.resolve(RevocationList.FILE_NAME),
                Map.of(certificate(old).getSerialNumber(), Instant.now()), Duration.ofDays(30));
        Files.move(old, dir.resolve("old.p12"));

        Path renewed = issue("alice");

        assertThat(roundTrip(renewed)).isEqualTo(42);
    }

    @Test
    void reportsACertificateOfAnotherCa() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.create("test CA", Duration.ofDays(10));
        Path mallory = dir.resolve("client-mallory.p12");
        rogue.issueClient("mallory", Duration.ofDays(1), mallory, PASSWORD);

        assertThat(catchThrowable(() -> roundTrip(mallory))).isNotNull();
        assertThat(refusals).singleElement().asString().startsWith("mallory|").contains("not trusted");
    }

    private Path issue(String id) throws Exception {
        Path keystore = dir.resolve("client-" + id + ".p12");
        ca.issueClient(id, Duration.ofDays(1), keystore, PASSWORD);
        return keystore;
    }

    private java.security.cert.X509Certificate certificate(Path keystore) throws Exception {
        return KeystoreCertificates.read(keystore, CertificateAuthority.CLIENT_ALIAS, PASSWORD);
    }

    /** Connects with {@code keystore}; the server writes one byte after its handshake. */
    private int roundTrip(Path keystore) throws Exception {
        accepted = CompletableFuture.runAsync(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                socket.getOutputStream().write(42);
                socket.getOutputStream().flush();
                socket.getInputStream().read();
            } catch (Exception refused) {
                // the client sees the alert
            }
        });
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(dir.resolve("truststore.p12")));
        context.init(keys(keystore), trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                server.getLocalPort())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket.getInputStream().read();
        } finally {
            accepted.get(10, TimeUnit.SECONDS);
        }
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static javax.net.ssl.KeyManager[] keys(Path keystore) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(load(keystore), PASSWORD);
        return factory.getKeyManagers();
    }
}
