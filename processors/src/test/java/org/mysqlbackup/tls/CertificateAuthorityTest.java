package org.mysqlbackup.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqlbackup.protocol.ClientId;

class CertificateAuthorityTest {
    private static final char[] PASSWORD = "correct horse".toCharArray();
    private static final String CA_NAME = "mysql-backup test CA";
    private static final Duration YEAR = Duration.ofDays(365);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final int SOCKET_TIMEOUT_MS = 10_000;
    // KeyUsage bits as X509Certificate.getKeyUsage() indexes them.
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    @TempDir
    Path dir;

    private CertificateAuthority ca;

    @BeforeEach
    void createCa() throws Exception {
        ca = CertificateAuthority.create(CA_NAME, CA_VALIDITY);
    }

    @Test
    void caCertificateMaySignOnlyEndEntityCertificates() throws Exception {
        X509Certificate cert = ca.certificate();

        cert.verify(cert.getPublicKey());
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mysql-backup test CA");
        assertThat(cert.getBasicConstraints()).isZero();
        assertThat(cert.getKeyUsage()).containsExactly(keyUsage(KEY_CERT_SIGN, CRL_SIGN));
        assertThat(cert.getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(subjectKeyId(cert)).isNotEmpty();
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void serialsAreRandomPositiveAndAtMost128Bits() throws Exception {
        X509Certificate other = CertificateAuthority.create("other", YEAR).certificate();
        X509Certificate client = issueClient("db-host-1");

        for (X509Certificate cert : List.of(ca.certificate(), other, client)) {
            assertThat(cert.getSerialNumber().signum()).isPositive();
            assertThat(cert.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
        }
        assertThat(Set.of(ca.certificate().getSerialNumber(), other.getSerialNumber(),
                client.getSerialNumber())).hasSize(3);
    }

    @Test
    void validityIsBackdatedForClockSkew() throws Exception {
        X509Certificate client = issueClient("db-host-1");

        Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
        for (X509Certificate cert : List.of(ca.certificate(), client)) {
            assertThat(cert.getNotBefore().toInstant())
                    .isCloseTo(fiveMinutesAgo, within(30, ChronoUnit.SECONDS));
        }
        assertThat(client.getNotAfter().toInstant())
                .isCloseTo(Instant.now().plus(YEAR), within(30, ChronoUnit.SECONDS));
    }

    @Test
    void clientCertificateValidatesAgainstTheTrustStoreAndIsForClientAuthOnly() throws Exception {
        Path keystore = dir.resolve("client.p12");
        ca.issueClient("db-host-1", YEAR, keystore, PASSWORD);
        X509Certificate[] chain = chain(keystore, CertificateAuthority.CLIENT_ALIAS);
        X509Certificate leaf = chain[0];

        validate(leaf, trustedCa());
        assertThat(chain).hasSize(2);
        assertThat(chain[1]).isEqualTo(ca.certificate());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=db-host-1");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(leaf.getSubjectAlternativeNames()).isNull();
        assertEndEntityExtensions(leaf);
    }

    @Test
    void serverCertificateIsForServerAuthAndNamesTheCommonNameAndEveryAltName() throws Exception {
        Path keystore = dir.resolve("server.p12");
        ca.issueServer("backup.example.com", List.of("backup", "10.0.0.5", "::1", "backup"),
                YEAR, keystore, PASSWORD);
        X509Certificate leaf = chain(keystore, CertificateAuthority.SERVER_ALIAS)[0];

        validate(leaf, trustedCa());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=backup.example.com");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(
                List.of(SAN_DNS, "backup.example.com"),
                List.of(SAN_DNS, "backup"),
                List.of(SAN_IP, "10.0.0.5"),
                List.of(SAN_IP, "0:0:0:0:0:0:0:1"));
        assertEndEntityExtensions(leaf);
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.0.0.01", "256.1.1.1", "1.2.3", "fe80::1%eth0", "[::1]",
            "-bad.example", "bad-.example", "a b", "under_score.example", "example.", ""})
    void serverNamesThatAreNeitherDnsNamesNorIpLiteralsAreRejected(String name) {
        Path keystore = dir.resolve("server.p12");

        assertThatThrownBy(() -> ca.issueServer("backup.example.com", List.of(name), YEAR,
                keystore, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.issueServer(name, List.of(), YEAR, keystore, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keystore).doesNotExist();
    }

    @Test
    void certificateFromAnotherCaFailsValidation() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.create(CA_NAME, CA_VALIDITY);
        Path keystore = dir.resolve("intruder.p12");
        stranger.issueClient("db-host-1", YEAR, keystore, PASSWORD);
        X509Certificate leaf = chain(keystore, CertificateAuthority.CLIENT_ALIAS)[0];

        // Same subject name as our CA: only the signature can tell them apart.
        assertThat(leaf.getIssuerX500Principal())
                .isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThatThrownBy(() -> validate(leaf, trustedCa()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void keystoresOpenOnlyWithTheirPassword() throws Exception {
        Path caFile = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path client = dir.resolve("client.p12");
        ca.save(caFile, PASSWORD);
        ca.issueServer("localhost", List.of(), YEAR, server, PASSWORD);
        ca.issueClient("db-host-1", YEAR, client, PASSWORD);

        for (Path keystore : List.of(caFile, server, client)) {
            KeyStore store = load(keystore, PASSWORD);
            String alias = store.aliases().nextElement();
            assertThat(store.size()).isOne();
            assertThat(store.isKeyEntry(alias)).isTrue();
            assertThat(store.getKey(alias, PASSWORD)).isNotNull();
            assertThatThrownBy(() -> load(keystore, "wrong".toCharArray()))
                    .isInstanceOf(IOException.class);
        }
        assertThat(load(caFile, PASSWORD).isKeyEntry(CertificateAuthority.CA_ALIAS)).isTrue();
    }

    @Test
    void filesWithKeysAreOwnerOnlyAndPublicFilesAreNotWritableByOthers() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path caFile = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path client = dir.resolve("client.p12");
        Path pem = dir.resolve("ca.pem");
        ca.save(caFile, PASSWORD);
        ca.issueServer("localhost", List.of(), YEAR, server, PASSWORD);
        ca.issueClient("db-host-1", YEAR, client, PASSWORD);
        ca.writeCertificatePem(pem);

        for (Path keystore : List.of(caFile, server, client)) {
            assertThat(Files.getPosixFilePermissions(keystore)).as("%s", keystore)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE);
        }
        for (Path publicFile : List.of(truststore(), pem)) {
            assertThat(Files.getPosixFilePermissions(publicFile)).as("%s", publicFile)
                    .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
                    .doesNotContain(PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE);
        }
    }

    @Test
    void trustStoreHoldsOnlyTheCaCertificateAsATrustedEntry() throws Exception {
        Path truststore = dir.resolve("truststore.p12");
        ca.writeTrustStore(truststore, PASSWORD);

        KeyStore store = load(truststore, PASSWORD);
        assertThat(store.size()).isOne();
        assertThat(store.isCertificateEntry(CertificateAuthority.TRUSTED_CA_ALIAS)).isTrue();
        assertThat(store.getCertificate(CertificateAuthority.TRUSTED_CA_ALIAS))
                .isEqualTo(ca.certificate());
        assertThatThrownBy(() -> load(truststore, "wrong".toCharArray()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void pemHoldsTheCaCertificate() throws Exception {
        Path pem = dir.resolve("ca.pem");
        ca.writeCertificatePem(pem);

        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----\n")
                .endsWith("\n-----END CERTIFICATE-----\n");
        try (InputStream in = Files.newInputStream(pem)) {
            assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .isEqualTo(ca.certificate());
        }
    }

    @Test
    void savedCaLoadsWithTheSameCertificateAndStillIssuesValidCertificates() throws Exception {
        Path caFile = dir.resolve("ca.p12");
        ca.save(caFile, PASSWORD);

        CertificateAuthority loaded = CertificateAuthority.load(caFile, PASSWORD.clone());
        Path client = dir.resolve("client.p12");
        loaded.issueClient("db-host-2", YEAR, client, PASSWORD);

        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        validate(chain(client, CertificateAuthority.CLIENT_ALIAS)[0], ca.certificate());
        assertThatThrownBy(() -> CertificateAuthority.load(caFile, "wrong".toCharArray()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void loadRejectsAKeystoreWithoutTheCaEntry() throws Exception {
        Path client = dir.resolve("client.p12");
        ca.issueClient("db-host-1", YEAR, client, PASSWORD);

        assertThatThrownBy(() -> CertificateAuthority.load(client, PASSWORD))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("'ca'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    @Timeout(60)
    void mutualTlsHandshakeSucceedsWithAClientOfThisCa(String protocol) throws Exception {
        SSLContext server = serverContext();
        SSLContext client = context(clientKeystore(ca, "db-host-1"), truststore());

        Outcome outcome = handshake(server, client, protocol);

        assertThat(outcome.serverFailure()).isNull();
        assertThat(outcome.clientFailure()).isNull();
        assertThat(outcome.protocol()).isEqualTo(protocol);
        assertThat(outcome.clientSeenByServer()).isEqualTo("CN=db-host-1");
        assertThat(outcome.echo()).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    @Timeout(60)
    void mutualTlsHandshakeFailsWithAClientOfAnotherCa(String protocol) throws Exception {
        SSLContext server = serverContext();
        CertificateAuthority stranger = CertificateAuthority.create(CA_NAME, CA_VALIDITY);
        // The intruder trusts our CA, so only its own certificate can make the handshake fail.
        SSLContext client = context(clientKeystore(stranger, "db-host-1"), truststore());

        Outcome outcome = handshake(server, client, protocol);

        assertThat(outcome.serverFailure()).isInstanceOf(SSLHandshakeException.class)
                .hasStackTraceContaining(CertPathValidatorException.class.getName());
        assertThat(outcome.clientSeenByServer()).isNull();
        assertThat(outcome.echo()).isNotEqualTo(42);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"../x", "", "a/b", "-x", ".hidden", "..", "a b", "é", "a\\b",
            "a\nb", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void invalidClientIdsAreRejectedNamingTheRule(String clientId) {
        Path keystore = dir.resolve("client.p12");

        assertThatThrownBy(() -> ca.issueClient(clientId, YEAR, keystore, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ClientId.RULE);
        assertThat(keystore).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"db-host-1", "a", "_x", "9", "A.b_c-D", "a..b",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void validClientIdsBecomeTheCommonName(String clientId) throws Exception {
        X509Certificate cert = issueClient(clientId);

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + clientId);
    }

    @Test
    void refusesToOverwriteAnyExistingFile() throws Exception {
        Path existing = dir.resolve("existing");
        Files.writeString(existing, "precious");

        assertThatThrownBy(() -> ca.issueClient("db-host-1", YEAR, existing, PASSWORD))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> ca.issueServer("localhost", List.of(), YEAR, existing, PASSWORD))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> ca.save(existing, PASSWORD))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> ca.writeTrustStore(existing, PASSWORD))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> ca.writeCertificatePem(existing))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(existing).hasContent("precious");
    }

    @Test
    void refusesCertificatesThatWouldOutliveTheCa() throws Exception {
        CertificateAuthority shortLived = CertificateAuthority.create("short", Duration.ofDays(30));
        Path keystore = dir.resolve("client.p12");

        assertThatThrownBy(() -> shortLived.issueClient("db-host-1", Duration.ofDays(31),
                keystore, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CA");
        assertThat(keystore).doesNotExist();
    }

    @Test
    void refusesEmptyPasswordsAndNonPositiveValidity() {
        Path keystore = dir.resolve("client.p12");

        assertThatThrownBy(() -> ca.issueClient("db-host-1", YEAR, keystore, new char[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.issueClient("db-host-1", Duration.ZERO, keystore, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateAuthority.create("ca", Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keystore).doesNotExist();
    }

    @Test
    void toStringShowsTheSubjectOnly() {
        assertThat(ca).hasToString("CertificateAuthority[CN=mysql-backup test CA]");
    }

    private void assertEndEntityExtensions(X509Certificate leaf) throws Exception {
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()).containsExactly(keyUsage(DIGITAL_SIGNATURE));
        assertThat(leaf.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(Extension.basicConstraints.getId(),
                        Extension.keyUsage.getId());
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(
                extension(leaf, Extension.authorityKeyIdentifier));
        assertThat(aki.getKeyIdentifierObject().getOctets())
                .isEqualTo(subjectKeyId(ca.certificate()));
        assertThat(aki.getAuthorityCertIssuer()).isNull();
        assertThat(subjectKeyId(leaf)).isNotEmpty().isNotEqualTo(subjectKeyId(ca.certificate()));
    }

    private static boolean[] keyUsage(int... bits) {
        boolean[] usage = new boolean[9];
        for (int bit : bits) {
            usage[bit] = true;
        }
        return usage;
    }

    private static byte[] subjectKeyId(X509Certificate cert) throws IOException {
        return SubjectKeyIdentifier.getInstance(extension(cert, Extension.subjectKeyIdentifier))
                .getKeyIdentifier();
    }

    private static Object extension(X509Certificate cert, ASN1ObjectIdentifier oid)
            throws IOException {
        byte[] value = cert.getExtensionValue(oid.getId());
        assertThat(value).as("extension %s", oid).isNotNull();
        return JcaX509ExtensionUtils.parseExtensionValue(value);
    }

    private X509Certificate issueClient(String clientId) throws Exception {
        Path keystore = dir.resolve(clientId + "-" + System.nanoTime() + ".p12");
        return ca.issueClient(clientId, YEAR, keystore, PASSWORD);
    }

    private X509Certificate trustedCa() throws Exception {
        return (X509Certificate) load(truststore(), PASSWORD)
                .getCertificate(CertificateAuthority.TRUSTED_CA_ALIAS);
    }

    private Path truststore() throws Exception {
        Path truststore = dir.resolve("truststore.p12");
        if (Files.notExists(truststore)) {
            ca.writeTrustStore(truststore, PASSWORD);
        }
        return truststore;
    }

    private Path clientKeystore(CertificateAuthority issuer, String clientId) throws Exception {
        Path keystore = Files.createTempDirectory(dir, "client").resolve("client.p12");
        issuer.issueClient(clientId, YEAR, keystore, PASSWORD);
        return keystore;
    }

    private SSLContext serverContext() throws Exception {
        Path keystore = dir.resolve("server.p12");
        ca.issueServer("localhost", List.of("127.0.0.1"), YEAR, keystore, PASSWORD);
        return context(keystore, truststore());
    }

    private static void validate(X509Certificate leaf, X509Certificate anchor)
            throws GeneralSecurityException {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static X509Certificate[] chain(Path keystore, String alias) throws Exception {
        Certificate[] chain = load(keystore, PASSWORD).getCertificateChain(alias);
        assertThat(chain).as("chain of %s", alias).isNotNull();
        return Arrays.copyOf(chain, chain.length, X509Certificate[].class);
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static SSLContext context(Path keystore, Path truststore) throws Exception {
        KeyManagerFactory keys =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore, PASSWORD), PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(load(truststore, PASSWORD));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** What each side of one connection saw; a failure field is set instead of its results. */
    private record Outcome(String clientSeenByServer, Throwable serverFailure, String protocol,
            int echo, Throwable clientFailure) {
    }

    /**
     * One connection on loopback: the server requires a client certificate and echoes a byte;
     * the client checks the server's name against the IP it dialled, as a real client must.
     */
    private static Outcome handshake(SSLContext server, SSLContext client, String protocol)
            throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {protocol});
            listener.setSoTimeout(SOCKET_TIMEOUT_MS);
            Future<String> serverSide = executor.submit(() -> serveOnce(listener));

            ClientResult clientSide = connect(client, protocol, listener.getLocalPort());

            String peer = null;
            Throwable serverFailure = null;
            try {
                peer = serverSide.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                serverFailure = e.getCause();
            }
            return new Outcome(peer, serverFailure, clientSide.protocol(), clientSide.echo(),
                    clientSide.failure());
        } finally {
            executor.shutdownNow();
        }
    }

    private static String serveOnce(SSLServerSocket listener) throws IOException {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            socket.startHandshake();
            X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            int received = socket.getInputStream().read();
            socket.getOutputStream().write(received);
            socket.getOutputStream().flush();
            return peer.getSubjectX500Principal().getName();
        }
    }

    private record ClientResult(String protocol, int echo, IOException failure) {
    }

    private static ClientResult connect(SSLContext client, String protocol, int port) {
        String protocolUsed = null;
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
            raw.setSoTimeout(SOCKET_TIMEOUT_MS);
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(raw, "127.0.0.1", port, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setProtocols(new String[] {protocol});
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                protocolUsed = socket.getSession().getProtocol();
                socket.getOutputStream().write(42);
                socket.getOutputStream().flush();
                return new ClientResult(protocolUsed, socket.getInputStream().read(), null);
            }
        } catch (IOException e) {
            return new ClientResult(protocolUsed, -1, e);
        }
    }
}
