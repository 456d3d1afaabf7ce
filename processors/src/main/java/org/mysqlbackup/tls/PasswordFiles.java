package org.mysqlbackup.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keystore passwords kept in files readable by their owner only (created 0600), the way systemd
 * credentials and container secrets are handed to services. A password never has to appear in a
 * properties file or on a command line.
 */
public final class PasswordFiles {
    private static final int RANDOM_BYTES = 24;

    private PasswordFiles() {
    }

    /** The password in {@code file}, without a trailing newline. */
    public static char[] read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IOException("password file " + file + " is empty");
        }
        return text.toCharArray();
    }

    /** Creates {@code file} (which must not exist) with a new random password and returns it. */
    public static char[] generate(Path file) throws IOException {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        NewFiles.writeOwnerOnly(file, (password + "\n").getBytes(StandardCharsets.US_ASCII));
        return password.toCharArray();
    }

    /** The password in {@code file}, creating the file with a random password if it does not exist. */
    public static char[] readOrGenerate(Path file) throws IOException {
        return Files.exists(file) ? read(file) : generate(file);
    }
}
