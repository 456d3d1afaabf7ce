package org.mysqlbackup.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.security.auth.DestroyFailedException;

/**
 * Reads and writes single-entry PKCS#12 files with the JDK's own implementation, so that any
 * JDK 17 loads them with {@code KeyStore.getInstance("PKCS12")} and no extra provider. Passwords
 * are used, never kept; the copies the JDK makes are destroyed after use.
 */
final class Pkcs12 {
    private static final String TYPE = "PKCS12";
    // Named explicitly instead of taken from java.security: a JVM switched to the legacy PKCS#12
    // algorithms (keystore.pkcs12.legacy) would otherwise protect private keys with RC2/3DES.
    // The certificate bags and the MAC still follow java.security; they hold no secret.
    private static final String KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";

    private Pkcs12() {
    }

    /** Writes a new owner-only file holding one private key entry with its chain. */
    static void writeKeyEntry(Path target, String alias, PrivateKey key, X509Certificate[] chain,
            char[] password) throws IOException, GeneralSecurityException {
        requirePassword(password);
        KeyStore store = empty();
        KeyStore.PasswordProtection protection =
                new KeyStore.PasswordProtection(password, KEY_PROTECTION, null);
        try {
            store.setEntry(alias, new KeyStore.PrivateKeyEntry(key, chain), protection);
        } finally {
            destroy(protection);
        }
        NewFiles.writeOwnerOnly(target, encode(store, password));
    }

    /** Writes a new world-readable file holding one trusted certificate entry: nothing secret. */
    static void writeTrustedCertificate(Path target, String alias, X509Certificate certificate,
            char[] password) throws IOException, GeneralSecurityException {
        requirePassword(password);
        KeyStore store = empty();
        store.setCertificateEntry(alias, certificate);
        NewFiles.writeWorldReadable(target, encode(store, password));
    }

    /**
     * @throws IOException if the file cannot be read or the password is wrong (as the JDK reports
     *     it)
     * @throws KeyStoreException if there is no private key entry under {@code alias}
     */
    static KeyStore.PrivateKeyEntry readKeyEntry(Path source, String alias, char[] password)
            throws IOException, GeneralSecurityException {
        requirePassword(password);
        KeyStore store = KeyStore.getInstance(TYPE);
        try (InputStream in = Files.newInputStream(source)) {
            store.load(in, password);
        }
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
        try {
            if (store.getEntry(alias, protection) instanceof KeyStore.PrivateKeyEntry entry) {
                return entry;
            }
        } finally {
            destroy(protection);
        }
        throw new KeyStoreException(source + " has no private key entry '" + alias + "'");
    }

    static void requirePassword(char[] password) {
        // An empty password still "encrypts" the key, with a key anyone can derive.
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("a keystore password is required");
        }
    }

    private static KeyStore empty() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(TYPE);
        store.load(null, null);
        return store;
    }

    private static byte[] encode(KeyStore store, char[] password)
            throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    private static void destroy(KeyStore.PasswordProtection protection) {
        try {
            protection.destroy();
        } catch (DestroyFailedException e) {
            // Never thrown by PasswordProtection, which just zeroes its copy.
            throw new IllegalStateException(e);
        }
    }
}
