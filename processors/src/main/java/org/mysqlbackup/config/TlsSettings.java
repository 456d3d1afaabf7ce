package org.mysqlbackup.config;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.mysqlbackup.tls.HandshakeRefusalListener;
import org.mysqlbackup.tls.PasswordFiles;
import org.mysqlbackup.tls.RevocationCheckingTrustManager;
import org.mysqlbackup.tls.RevocationList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS material of either side, from the {@code tls.*} keys: a PKCS#12 keystore with this
 * side's key and certificate, a PKCS#12 truststore with the private CA, TLS 1.3 and 1.2 only;
 * the server additionally requires a client certificate.
 *
 * <p>It yields both the {@link SSLContextParameters} camel-netty is configured with and the netty
 * {@link SslContext} the channel initializers actually use: BoringSSL (netty-tcnative) when its
 * native library loads, which encrypts several times faster than the JDK's engine, else the JDK.
 */
public final class TlsSettings {
    private static final Logger LOG = LoggerFactory.getLogger(TlsSettings.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Path keyStore;
    private final String keyStorePassword;
    private final Path trustStore;
    private final String trustStorePassword;

    private TlsSettings(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
    }

    public static TlsSettings fromSettings(Settings settings) {
        Path keyStore = existing(settings, "tls.key-store");
        Path trustStore = existing(settings, "tls.trust-store");
        String keyStorePassword = password(settings, "tls.key-store-password", null);
        return new TlsSettings(keyStore, keyStorePassword, trustStore,
                password(settings, "tls.trust-store-password", keyStorePassword));
    }

    /** What camel-netty is configured with ({@code ssl=true}, client certificate headers). */
    public SSLContextParameters camelParameters(boolean server) {
        KeyManagersParameters keyManagers = new KeyManagersParameters();
        keyManagers.setKeyStore(store(keyStore, keyStorePassword));
        keyManagers.setKeyPassword(keyStorePassword);
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setKeyStore(store(trustStore, trustStorePassword));
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.getSecureSocketProtocol().addAll(List.of(PROTOCOLS));
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(keyManagers);
        parameters.setTrustManagers(trustManagers);
        parameters.setSecureSocketProtocols(protocols);
        if (server) {
            SSLContextServerParameters serverParameters = new SSLContextServerParameters();
            serverParameters.setClientAuthentication(ClientAuthentication.REQUIRE.name());
            parameters.setServerParameters(serverParameters);
        }
        return parameters;
    }

    /** The server's context: its certificate, clients' certificates required and checked against the CA. */
    public SslContext nettyServerContext() {
        return nettyServerContext((clientId, remote, reason) -> { });
    }

    /**
     * The server's context: clients' certificates required, checked against the CA and against the
     * CA's revocation list beside the truststore ({@link RevocationList#besideTrustStore}), re-read
     * when it changes; every refused certificate is reported to {@code refusals}.
     */
    public SslContext nettyServerContext(HandshakeRefusalListener refusals) {
        return nettyServerContext(refusals, RevocationList.besideTrustStore(trustStore, trustedCertificates()));
    }

    /** As {@link #nettyServerContext(HandshakeRefusalListener)}, with the given revocation list. */
    public SslContext nettyServerContext(HandshakeRefusalListener refusals, RevocationList revocations) {
        try {
            X509ExtendedTrustManager pkix = null;
            for (TrustManager manager : trustManagers().getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    pkix = extended;
                }
            }
            if (pkix == null) {
                throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
            }
            TrustManager checking = new RevocationCheckingTrustManager(pkix, revocations, refusals);
            return SslContextBuilder.forServer(keyManagers()).trustManager(checking)
                    .clientAuth(ClientAuth.REQUIRE).protocols(PROTOCOLS).sslProvider(provider()).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSettingException("tls.key-store", "cannot be used: " + e.getMessage());
        }
    }

    /** The client's context: its certificate, the server's checked against the CA. */
    public SslContext nettyClientContext() {
        try {
            return SslContextBuilder.forClient().keyManager(keyManagers()).trustManager(trustManagers())
                    .protocols(PROTOCOLS).sslProvider(provider()).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSettingException("tls.key-store", "cannot be used: " + e.getMessage());
        }
    }

    /** The truststore file ({@code tls.trust-store}). */
    public Path trustStore() {
        return trustStore;
    }

    /** This side's own certificate, the first of the key store's key entries. */
    public X509Certificate ownCertificate() {
        try {
            KeyStore store = load(keyStore, keyStorePassword);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate cert) {
                    return cert;
                }
            }
            throw new InvalidSettingException("tls.key-store", "holds no key entry with a certificate");
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSettingException("tls.key-store", "cannot be used: " + e.getMessage());
        }
    }

    /** The CA certificates of the truststore. */
    public List<X509Certificate> trustedCertificates() {
        try {
            KeyStore store = load(trustStore, trustStorePassword);
            List<X509Certificate> certificates = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate cert) {
                    certificates.add(cert);
                }
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSettingException("tls.trust-store", "cannot be used: " + e.getMessage());
        }
    }

    private static SslProvider provider() {
        if (OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        LOG.warn("BoringSSL is not available ({}); using the JDK's TLS, which is slower",
                OpenSsl.unavailabilityCause() == null ? "unknown reason" : OpenSsl.unavailabilityCause().getMessage());
        return SslProvider.JDK;
    }

    private KeyManagerFactory keyManagers() throws IOException, GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(load(keyStore, keyStorePassword), keyStorePassword.toCharArray());
        return factory;
    }

    private TrustManagerFactory trustManagers() throws IOException, GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(load(trustStore, trustStorePassword));
        return factory;
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    /**
     * A password given directly ({@code key}, typically {@code {{env:...}}}) or in a 0600 file
     * ({@code key + "-file"}), as written by {@code backup-server certs}.
     */
    private static String password(Settings settings, String key, String fallback) {
        Optional<String> direct = settings.optional(key);
        if (direct.isPresent()) {
            return direct.get();
        }
        Optional<Path> file = settings.optionalPath(key + "-file");
        if (file.isPresent()) {
            try {
                return new String(PasswordFiles.read(file.get()));
            } catch (IOException e) {
                throw new InvalidSettingException(key + "-file", "cannot be read: " + e.getMessage());
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new InvalidSettingException(key, "is required (or " + key + "-file, a file holding it)");
    }

    private static KeyStoreParameters store(Path file, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + file.toAbsolutePath());
        store.setType("PKCS12");
        store.setPassword(password);
        return store;
    }

    private static Path existing(Settings settings, String key) {
        Path path = settings.path(key);
        if (!Files.isReadable(path)) {
            throw new InvalidSettingException(key, "points to " + path.toAbsolutePath()
                    + ", which does not exist or is not readable (create it with: backup-server certs ...)");
        }
        return path;
    }
}
