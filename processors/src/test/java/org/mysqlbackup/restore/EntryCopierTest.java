package org.mysqlbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The restore's inflate-and-write loop: what it writes is exactly the entry, in order, whatever
 * the entry's size against its buffers (the write-behind thread writes one buffer while zlib
 * fills the other), and what is not the entry it declares is refused before it is written.
 */
class EntryCopierTest {
    private static final int BUFFER = 4096;

    private Path folder;
    private EntryCopier copier;

    @BeforeEach
    @BeforeProperty
    void setUp() throws IOException {
        folder = Files.createTempDirectory("entry-copier");
        copier = new EntryCopier(BUFFER, "test-write-behind");
    }

    @AfterEach
    @AfterProperty
    void tearDown() throws IOException {
        copier.close();
        org.mysqlbackup.config.FileTrees.delete(folder);
    }

    @Property(tries = 150, seed = "4669201609102990671")
    void writesExactlyTheEntryAndItsCrc(@ForAll @IntRange(min = 0, max = 9 * BUFFER + 17) int size,
                                       @ForAll @IntRange(min = 0, max = 9) int level,
                                       @ForAll boolean deflated, @ForAll long contentSeed) throws Exception {
        byte[] content = content(size, contentSeed);
        byte[] raw = deflated ? deflate(content, level) : content;
        AtomicLong reported = new AtomicLong();
        Path file = Files.createTempFile(folder, "entry-", ".bin");

        long crc;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            crc = copier.copy(new ByteArrayInputStream(raw), deflated, size, out, reported::addAndGet);
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        CRC32 expected = new CRC32();
        expected.update(content);
        assertThat(crc).isEqualTo(expected.getValue());
        assertThat(reported.get()).isEqualTo(size);
    }

    @Test
    void anEntryInflatingPastItsDeclaredSizeIsStoppedBeforeTheExtraBytesAreWritten() throws Exception {
        byte[] content = new byte[20 * BUFFER];
        Path file = folder.resolve("bomb");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> copier.copy(new ByteArrayInputStream(deflate(content, 9)), true, 3L * BUFFER + 5,
                    out, n -> { }))
                    .isInstanceOf(EntryCopier.BadEntryException.class)
                    .hasMessage("inflates beyond its declared " + (3L * BUFFER + 5) + " bytes (stopped there)");
        }
        assertThat(Files.size(file)).isLessThanOrEqualTo(3L * BUFFER + 5);
    }

    @Test
    void aStoredEntryLongerThanDeclaredIsRefused() throws Exception {
        try (FileChannel out = FileChannel.open(folder.resolve("long"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> copier.copy(new ByteArrayInputStream(new byte[BUFFER + 1]), false, 10, out, n -> { }))
                    .isInstanceOf(EntryCopier.BadEntryException.class)
                    .hasMessageContaining("more than its declared 10 bytes");
        }
    }

    @Test
    void anEntryShorterThanDeclaredIsRefused() throws Exception {
        byte[] content = content(5000, 7);
        try (FileChannel out = FileChannel.open(folder.resolve("short"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> copier.copy(new ByteArrayInputStream(deflate(content, 6)), true, 6000, out, n -> { }))
                    .isInstanceOf(EntryCopier.BadEntryException.class)
                    .hasMessage("holds 5000 bytes but declares 6000");
        }
    }

    @Test
    void aTruncatedDeflateStreamIsAnEndOfFileNotAShortFile() throws Exception {
        byte[] content = content(10 * BUFFER, 11);
        byte[] raw = deflate(content, 1);
        try (FileChannel out = FileChannel.open(folder.resolve("truncated"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> copier.copy(new ByteArrayInputStream(Arrays.copyOf(raw, raw.length / 2)), true,
                    content.length, out, n -> { }))
                    .isInstanceOf(java.io.EOFException.class)
                    .hasMessageContaining("the deflate stream ends early");
        }
    }

    @Test
    void bytesThatAreNotDeflateAreRefused() throws Exception {
        byte[] garbage = new byte[256];
        Arrays.fill(garbage, (byte) 0xFF);
        try (FileChannel out = FileChannel.open(folder.resolve("garbage"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> copier.copy(new ByteArrayInputStream(garbage), true, 1000, out, n -> { }))
                    .isInstanceOf(EntryCopier.BadEntryException.class)
                    .hasMessageStartingWith("cannot be inflated: ");
        }
    }

    @Test
    void aFailedWriteIsReportedAsTheWritesFailure() throws Exception {
        byte[] content = content(8 * BUFFER, 3);
        Path file = folder.resolve("read-only");
        Files.createFile(file);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> copier.copy(new ByteArrayInputStream(deflate(content, 1)), true, content.length,
                    out, n -> { }))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("writing the unpacked bytes failed");
        }
        // the copier serves the next entry after a failure
        Path next = folder.resolve("next");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            copier.copy(new ByteArrayInputStream(deflate(content, 1)), true, content.length, out, n -> { });
        }
        assertThat(Files.readAllBytes(next)).isEqualTo(content);
    }

    /** Half random, half repeated text: compressible like a table file, and different per seed. */
    private static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        Random random = new Random(seed);
        for (int i = 0; i < size; i += 64) {
            int end = Math.min(size, i + 64);
            if ((i / 64) % 2 == 0) {
                for (int j = i; j < end; j++) {
                    bytes[j] = (byte) random.nextInt();
                }
            } else {
                Arrays.fill(bytes, i, end, (byte) ('a' + (i / 64) % 26));
            }
        }
        return bytes;
    }

    private static byte[] deflate(byte[] content, int level) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(level, true);
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
            out.write(content);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }
}
