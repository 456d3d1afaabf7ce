package org.mysqlbackup.client.guard;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The conversation between a backup and its watchdog process, over the watchdog's standard input.
 * The backup writes the properties the watchdog needs (its overrides of the configuration file:
 * they may hold secrets, so never on a command line), then, once MySQL answers again, one
 * {@link #RELEASE} byte and closes the pipe. If the backup's process ends in between, however it
 * ends, the operating system closes the pipe: the watchdog reads the end of the stream without the
 * release, and knows its backup died with MySQL perhaps down.
 *
 * <pre>
 *   int32 length | length bytes: java.util.Properties text (ISO-8859-1, escapes) | later: 'R'
 *   e.g. 00 00 00 1c  "mysql.password=...\nfoo=bar\n"  ...  52
 * </pre>
 */
public final class RestartWatchdog {
    /** The backup saw MySQL back (or ended without stopping it): nothing to do. */
    public static final int RELEASE = 'R';
    private static final int MAX_PROPERTIES_BYTES = 1 << 20;

    /** What the watchdog learnt. */
    public enum Ending { RELEASED, BACKUP_PROCESS_ENDED }

    private RestartWatchdog() {
    }

    /** The backup's side: the properties first. */
    public static void sendProperties(OutputStream out, Map<String, String> properties) throws IOException {
        Properties text = new Properties();
        text.putAll(properties);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        text.store(bytes, null);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(bytes.size());
        bytes.writeTo(data);
        data.flush();
    }

    /** The watchdog's side: the properties, read before it waits. */
    public static Map<String, String> readProperties(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 0 || length > MAX_PROPERTIES_BYTES) {
            throw new IOException("properties of " + length + " bytes: not from a backup");
        }
        byte[] bytes = data.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("the backup ended while sending its properties");
        }
        Properties text = new Properties();
        text.load(new ByteArrayInputStream(bytes));
        Map<String, String> properties = new HashMap<>();
        text.stringPropertyNames().forEach(key -> properties.put(key, text.getProperty(key)));
        return properties;
    }

    /** The watchdog's side: blocks until the backup releases it or its process ends. */
    public static Ending await(InputStream in) {
        try {
            int signal = in.read();
            return signal == RELEASE ? Ending.RELEASED : Ending.BACKUP_PROCESS_ENDED;
        } catch (IOException brokenPipe) {
            return Ending.BACKUP_PROCESS_ENDED;
        }
    }

    static byte[] releaseBytes() {
        return "R".getBytes(StandardCharsets.US_ASCII);
    }
}
