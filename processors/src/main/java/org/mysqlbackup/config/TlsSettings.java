package org.mysqlbackup.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.mysqlbackup.tls.PasswordFiles;

/**
 * Builds the {@link SSLContextParameters} of either side from {@code tls.*} keys: a PKCS#12
 * keystore with this side's key and certificate, a PKCS#12 truststore with the private CA, TLS 1.3
 * and 1.2 only. The server additionally requires a client certificate.
 */
public final class TlsSettings {
    private TlsSettings() {
    }

    public static SSLContextParameters fromSettings(Settings settings, boolean server) {
        Path keyStore = existing(settings, "tls.key-store");
        Path trustStore = existing(settings, "tls.trust-store");
        String keyStorePassword = password(settings, "tls.key-store-password", null);
        String trustStorePassword = password(settings, "tls.trust-store-password", keyStorePassword);

        KeyManagersParameters keyManagers = new KeyManagersParameters();
        keyManagers.setKeyStore(store(keyStore, keyStorePassword));
        keyManagers.setKeyPassword(keyStorePassword);

        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setKeyStore(store(trustStore, trustStorePassword));

        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.getSecureSocketProtocol().add("TLSv1.3");
        protocols.getSecureSocketProtocol().add("TLSv1.2");

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
