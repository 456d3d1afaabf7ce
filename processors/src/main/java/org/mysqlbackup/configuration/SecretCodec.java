package org.mysqlbackup.configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mysqlbackup.config.InvalidSettingException;

/**
 * How a secret (a MySQL password) is kept in a stored configuration: never in clear text, but as
 * <ul>
 *   <li>{@code env:NAME} (or {@code {{env:NAME}}}): read from the client's environment at run time;
 *       portable, and what an exported file should hold;</li>
 *   <li>{@code enc:v1:BASE64}: AES-256-GCM of the value under the key in {@code secrets.key-file}
 *       (32 random bytes, created on first use, readable by the client's user only). BASE64 is
 *       12 bytes of nonce then the ciphertext and its 16-byte tag; another host's key cannot read it.</li>
 * </ul>
 */
public class SecretCodec {
    public static final String ENV_PREFIX = "env:";
    public static final String ENCRYPTED_PREFIX = "enc:v1:";
    private static final Pattern ENV = Pattern.compile("(?:env:([A-Za-z_][A-Za-z0-9_]*)|\\{\\{env:([A-Za-z_][A-Za-z0-9_]*)}})");
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Path keyFile;
    private final Function<String, String> environment;
    private final SecureRandom random = new SecureRandom();

    public SecretCodec(Path keyFile, Function<String, String> environment) {
        this.keyFile = keyFile;
        this.environment = environment;
    }

    public SecretCodec(Path keyFile) {
        this(keyFile, System::getenv);
    }

    /** The stored form of a clear-text secret: encrypted under this host's key (created if missing). */
    public String encrypt(String clear) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(true), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return ENCRYPTED_PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt with AES-GCM: " + e.getMessage(), e);
        }
    }

    /** Why {@code stored} is not an acceptable stored form of the secret {@code key}, if it is not. */
    public Optional<String> problem(String stored) {
        if (stored.isEmpty() || envName(stored).isPresent()) {
            return Optional.empty();
        }
        if (stored.startsWith(ENCRYPTED_PREFIX)) {
            try {
                decrypt(stored);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.of("a secret is never stored in clear text: give env:VARIABLE (read from the client's"
                + " environment), or set it with `backup-client config set-secret`, which encrypts it");
    }

    /** The clear value of a stored secret, at run time. */
    public String reveal(String key, String stored) {
        if (stored.isEmpty()) {
            return stored;
        }
        Optional<String> env = envName(stored);
        if (env.isPresent()) {
            String value = environment.apply(env.get());
            if (value == null) {
                throw new InvalidSettingException(key, "refers to the environment variable " + env.get()
                        + ", which is not set for this process");
            }
            return value;
        }
        try {
            return decrypt(stored);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, e.getMessage());
        }
    }

    private static Optional<String> envName(String stored) {
        Matcher m = ENV.matcher(stored);
        return m.matches() ? Optional.of(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
    }

    private String decrypt(String stored) {
        if (!stored.startsWith(ENCRYPTED_PREFIX)) {
            throw new IllegalArgumentException("is neither env:VARIABLE nor an encrypted value (" + ENCRYPTED_PREFIX + "...)");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(stored.substring(ENCRYPTED_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not valid base64 after " + ENCRYPTED_PREFIX);
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("is too short to be an encrypted value");
        }
        if (!Files.exists(keyFile)) {
            throw new IllegalArgumentException("is encrypted but the key file " + keyFile + " does not exist"
                    + " (encrypted on another host? use env:VARIABLE there, or set-secret again)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(false), "AES"),
                    new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot be decrypted with the key in " + keyFile
                    + " (encrypted on another host, or altered? use env:VARIABLE, or set-secret again)");
        }
    }

    private byte[] key(boolean create) {
        try {
            if (create && !Files.exists(keyFile)) {
                createKey();
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(keyFile).strip());
            if (key.length != KEY_BYTES) {
                throw new IllegalStateException("secret key file " + keyFile + " does not hold a 256-bit key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private void createKey() throws IOException {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        boolean posix = keyFile.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temp = posix
                ? Files.createTempFile(keyFile.toAbsolutePath().getParent(), ".secrets", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                // elsewhere (Windows) the file inherits the ACL of its folder, which must be the client's own
                : Files.createTempFile(keyFile.toAbsolutePath().getParent(), ".secrets", ".tmp");
        try {
            Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n");
            Files.move(temp, keyFile);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
