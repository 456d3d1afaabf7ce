package org.mysqlbackup.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mysqlbackup.tls.CertificateAuthority;
import org.mysqlbackup.tls.PasswordFiles;

/**
 * Keystores for tests, made fresh with the product's own CA code (no key is ever committed):
 * a CA, the server's keystore for localhost/127.0.0.1, client keystores on demand, and clients
 * signed by a different CA that the server must refuse.
 */
public final class TestCertificates {
    /** Far from expiry, so no test sees the certificate expiry warnings unless it asks for them. */
    private static final Duration VALIDITY = Duration.ofDays(400);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);

    private final Path dir;
    private final CertificateAuthority ca;

    private TestCertificates(Path dir, CertificateAuthority ca) {
        this.dir = dir;
        this.ca = ca;
    }

    public static TestCertificates create(Path dir) throws Exception {
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create("test CA", CA_VALIDITY);
        ca.writeTrustStore(dir.resolve("truststore.p12"), PasswordFiles.generate(dir.resolve("truststore.p12.password")));
        ca.issueServer("localhost", List.of("127.0.0.1"), VALIDITY, dir.resolve("server.p12"),
                PasswordFiles.generate(dir.resolve("server.p12.password")));
        return new TestCertificates(dir, ca);
    }

    /** Issues (once) the keystore of {@code clientId}, signed by this CA. */
    public Path client(String clientId) throws Exception {
        Path keystore = dir.resolve("client-" + clientId + ".p12");
        if (!Files.exists(keystore)) {
            ca.issueClient(clientId, VALIDITY, keystore, PasswordFiles.generate(passwordFile(keystore)));
        }
        return keystore;
    }

    /** A client keystore signed by a CA the server does not trust. */
    public Path untrustedClient(String clientId) throws Exception {
        Path keystore = dir.resolve("rogue-" + clientId + ".p12");
        if (!Files.exists(keystore)) {
            CertificateAuthority rogue = CertificateAuthority.create("test CA", CA_VALIDITY);
            rogue.issueClient(clientId, VALIDITY, keystore, PasswordFiles.generate(passwordFile(keystore)));
        }
        return keystore;
    }

    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    public static Path passwordFile(Path keystore) {
        return keystore.resolveSibling(keystore.getFileName() + ".password");
    }

    /** The tls.* properties of an app using {@code keystore}. */
    public Map<String, String> properties(Path keystore) {
        Map<String, String> properties = new HashMap<>();
        properties.put("tls.key-store", keystore.toString());
        properties.put("tls.key-store-password-file", passwordFile(keystore).toString());
        properties.put("tls.trust-store", trustStore().toString());
        properties.put("tls.trust-store-password-file", passwordFile(trustStore()).toString());
        return properties;
    }
}
