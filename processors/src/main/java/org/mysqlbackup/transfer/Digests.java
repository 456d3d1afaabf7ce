package org.mysqlbackup.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/** SHA-256 and MD5 helpers; hex is lower case everywhere. */
public final class Digests {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    private Digests() {
    }

    public static MessageDigest sha256() {
        return get("SHA-256");
    }

    public static MessageDigest md5() {
        return get("MD5");
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    /** SHA-256 of the bytes remaining in {@code buffers}, without moving their positions. */
    public static String sha256Hex(java.nio.ByteBuffer... buffers) {
        MessageDigest digest = sha256();
        for (java.nio.ByteBuffer buffer : buffers) {
            digest.update(buffer.duplicate());
        }
        return hex(digest);
    }

    /** SHA-256 of a whole file, read in 1 MiB pieces; {@code bytesDone} is told the bytes read after each. */
    public static String sha256Hex(Path file, LongConsumer bytesDone) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 20];
        long done = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                done += n;
                bytesDone.accept(done);
            }
        }
        return hex(digest);
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static boolean isSha256Hex(String text) {
        return text != null && SHA256_HEX.matcher(text).matches();
    }

    public static boolean isMd5Hex(String text) {
        return text != null && MD5_HEX.matcher(text).matches();
    }

    private static MessageDigest get(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }
}
