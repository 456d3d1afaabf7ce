package org.mysqlbackup.client.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The backup-to-watchdog protocol over the watchdog's standard input: the properties arrive
 * unchanged whatever they hold, a length no backup would send is refused before anything is read
 * or allocated for it, and the watchdog learns "released" only from the release byte: the end of
 * the stream, a broken pipe or any other byte means the backup's process ended.
 */
@Timeout(30)
class RestartWatchdogTest {
    private static final int CAP = 1 << 20;

    private final ExecutorService watchdog = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() throws InterruptedException {
        watchdog.shutdownNow();
        assertThat(watchdog.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    static Map<String, String> awkward() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("mysql.password", "p=ss:w#rd! with spaces \\ and \\n literally");
        properties.put("key=with=equals", "value:with:colons");
        properties.put("key:with:colons", "=starts with equals");
        properties.put("key with spaces", "  leading and trailing blanks  ");
        properties.put("#not.a.comment", "!not a comment either");
        properties.put("multi\nline\rkey", "multi\nline\r\nvalue\twith tab");
        properties.put("unicode.é.日本", "mot de passe: été 日本語 🐬 \u0000\u007f\u0080\u00ff");
        properties.put("empty.value", "");
        properties.put("", "empty key");
        properties.put("backslash\\key", "trailing backslash\\");
        return properties;
    }

    @Test
    void propertiesRoundTripWhateverTheyHold() throws IOException {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();

        RestartWatchdog.sendProperties(pipe, awkward());

        assertThat(RestartWatchdog.readProperties(new ByteArrayInputStream(pipe.toByteArray())))
                .containsExactlyInAnyOrderEntriesOf(awkward());
    }

    @Test
    void noPropertiesRoundTripToNone() throws IOException {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();

        RestartWatchdog.sendProperties(pipe, Map.of());

        assertThat(RestartWatchdog.readProperties(new ByteArrayInputStream(pipe.toByteArray()))).isEmpty();
    }

    @Test
    void theFrameIsABigEndianLengthAndAsciiPropertiesText() throws IOException {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();

        RestartWatchdog.sendProperties(pipe, awkward());

        byte[] frame = pipe.toByteArray();
        int length = ByteBuffer.wrap(frame, 0, 4).getInt();
        assertThat(length).isEqualTo(frame.length - 4);
        byte[] text = Arrays.copyOfRange(frame, 4, frame.length);
        for (byte b : text) {
            // Properties escapes all but printable ASCII: no encoding can mangle a password
            assertThat(b & 0xff).isLessThan(0x80);
        }
        assertThat(new String(text, StandardCharsets.ISO_8859_1)).contains("mysql.password=");
    }

    @Test
    void readingThePropertiesLeavesTheReleaseByteForAwait() throws IOException {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        RestartWatchdog.sendProperties(pipe, Map.of("a", "b"));
        pipe.write(RestartWatchdog.RELEASE);
        InputStream in = new ByteArrayInputStream(pipe.toByteArray());

        assertThat(RestartWatchdog.readProperties(in)).containsExactly(Map.entry("a", "b"));
        assertThat(RestartWatchdog.await(in)).isEqualTo(RestartWatchdog.Ending.RELEASED);
    }

    @Test
    void aLengthOverTheCapIsRefusedWithoutReadingThePayload() {
        for (int length : new int[] {CAP + 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
            InputStream in = new SequenceInputStream(new ByteArrayInputStream(header(length)), new NothingMore());

            assertThatThrownBy(() -> RestartWatchdog.readProperties(in)).as("length %d", length)
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(EOFException.class)
                    .hasMessageContaining(Integer.toString(length));
        }
    }

    @Test
    void exactlyTheCapIsAccepted() throws IOException {
        byte[] text = new byte[CAP];
        Arrays.fill(text, (byte) 'v');
        byte[] prefix = "k=".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(prefix, 0, text, 0, prefix.length);
        text[CAP - 1] = '\n';
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        pipe.write(header(CAP));
        pipe.write(text);

        Map<String, String> properties = RestartWatchdog.readProperties(new ByteArrayInputStream(pipe.toByteArray()));

        assertThat(properties).containsOnlyKeys("k");
        assertThat(properties.get("k")).hasSize(CAP - 3).matches("v+");
    }

    @Test
    void aBackupThatEndsWhileSendingItsPropertiesIsAnEndNotAnEmptyConfiguration() throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        RestartWatchdog.sendProperties(whole, awkward());
        byte[] frame = whole.toByteArray();

        for (int cut : new int[] {0, 2, 4, 5, frame.length - 1}) {
            byte[] truncated = Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> RestartWatchdog.readProperties(new ByteArrayInputStream(truncated)))
                    .as("cut after %d of %d bytes", cut, frame.length).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void onlyTheReleaseByteReleases() {
        assertThat(RestartWatchdog.await(new ByteArrayInputStream(new byte[] {'R'})))
                .isEqualTo(RestartWatchdog.Ending.RELEASED);
        assertThat(RestartWatchdog.await(new ByteArrayInputStream(RestartWatchdog.releaseBytes())))
                .isEqualTo(RestartWatchdog.Ending.RELEASED);
        assertThat(RestartWatchdog.await(new ByteArrayInputStream(new byte[0])))
                .isEqualTo(RestartWatchdog.Ending.BACKUP_PROCESS_ENDED);
        for (int other : new int[] {'r', 'X', 0, 0xff, 'R' | 0x80}) {
            assertThat(RestartWatchdog.await(new ByteArrayInputStream(new byte[] {(byte) other})))
                    .as("byte %d", other).isEqualTo(RestartWatchdog.Ending.BACKUP_PROCESS_ENDED);
        }
        assertThat(RestartWatchdog.await(new BrokenPipe())).isEqualTo(RestartWatchdog.Ending.BACKUP_PROCESS_ENDED);
    }

    @Test
    void theWatchdogWaitsUntilTheBackupReleasesIt() throws Exception {
        PipedOutputStream backup = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(backup, 64);
        CompletableFuture<Map<String, String>> properties = new CompletableFuture<>();
        Future<RestartWatchdog.Ending> ending = watchdog.submit(() -> {
            properties.complete(RestartWatchdog.readProperties(stdin));
            return RestartWatchdog.await(stdin);
        });

        // more than the pipe's 64-byte buffer: the two sides must really take turns
        RestartWatchdog.sendProperties(backup, awkward());
        assertThat(properties.get(10, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(awkward());
        assertThatThrownBy(() -> ending.get(300, TimeUnit.MILLISECONDS)).as("MySQL is not back yet")
                .isInstanceOf(TimeoutException.class);

        backup.write(RestartWatchdog.releaseBytes());
        backup.close();

        assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(RestartWatchdog.Ending.RELEASED);
    }

    @Test
    void aPipeClosedWithoutTheReleaseMeansTheBackupEnded() throws Exception {
        PipedOutputStream backup = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(backup);
        Future<RestartWatchdog.Ending> ending = watchdog.submit(() -> {
            RestartWatchdog.readProperties(stdin);
            return RestartWatchdog.await(stdin);
        });

        RestartWatchdog.sendProperties(backup, Map.of("k", "v"));
        backup.close();

        assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(RestartWatchdog.Ending.BACKUP_PROCESS_ENDED);
    }

    @Test
    void aWriterThatDiesWithoutClosingMeansTheBackupEnded() throws Exception {
        PipedOutputStream backup = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(backup);
        Thread dying = new Thread(() -> {
            try {
                RestartWatchdog.sendProperties(backup, Map.of("k", "v"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // ends without the release and without closing: the pipe breaks
        });
        dying.start();
        dying.join();

        assertThat(RestartWatchdog.readProperties(stdin)).containsEntry("k", "v");
        assertThat(RestartWatchdog.await(stdin)).isEqualTo(RestartWatchdog.Ending.BACKUP_PROCESS_ENDED);
    }

    @Test
    void overAnOperatingSystemPipe() throws Exception {
        Pipe pipe = Pipe.open();
        OutputStream backup = Channels.newOutputStream(pipe.sink());
        InputStream stdin = Channels.newInputStream(pipe.source());
        Future<RestartWatchdog.Ending> ending = watchdog.submit(() -> {
            assertThat(RestartWatchdog.readProperties(stdin)).containsExactlyInAnyOrderEntriesOf(awkward());
            return RestartWatchdog.await(stdin);
        });

        RestartWatchdog.sendProperties(backup, awkward());
        assertThatThrownBy(() -> ending.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        backup.close();

        assertThat(ending.get(10, TimeUnit.SECONDS)).isEqualTo(RestartWatchdog.Ending.BACKUP_PROCESS_ENDED);
        stdin.close();
    }

    private static byte[] header(int length) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            data.writeInt(length);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /** A stream that fails the test if anyone reads from it: the payload of a refused length. */
    private static final class NothingMore extends InputStream {
        @Override
        public int read() {
            throw new AssertionError("read past the length header of a refused frame");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            throw new AssertionError("read past the length header of a refused frame (" + len + " bytes asked)");
        }
    }

    private static final class BrokenPipe extends InputStream {
        @Override
        public int read() throws IOException {
            throw new IOException("Broken pipe");
        }
    }
}
