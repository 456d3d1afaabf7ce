package org.mysqlbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.fetch.ArrivingFile;
import org.mysqlbackup.fetch.StoredBackupInfo;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.DataDirectoryZipper;

/**
 * Unpacking with several writer threads, and behind a download: the archive arrives chunk by
 * chunk as a fetch delivers it (the last chunk first), and the files go into place only once the
 * whole file is verified; a file found damaged as a whole leaves nothing behind.
 */
class OverlappedExtractionTest {
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path temp;
    private Path source;
    private Path zip;
    private final Map<String, byte[]> files = new TreeMap<>();

    @BeforeEach
    void aBackupZip() throws Exception {
        source = Files.createDirectories(temp.resolve("source"));
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            byte[] bytes = new byte[random.nextInt(300_000)];
            random.nextBytes(bytes);
            if (i % 3 == 0) {
                java.util.Arrays.fill(bytes, 0, bytes.length / 2, (byte) 'a'); // something to deflate
            }
            files.put((i % 4 == 0 ? "" : "db" + (i % 4) + "/") + "t" + i + ".ibd", bytes);
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = source.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        zip = temp.resolve("backup.zip");
        new DataDirectoryZipper(2).zip(source, zip, BackupManifest.before("h", "main", "10.11", source, null)
                .trailer(Map::of));
    }

    @Test
    void fourWritersUnpackExactlyWhatOneDoes() throws Exception {
        Path one = temp.resolve("one");
        Path four = temp.resolve("four");

        ExtractedBackup a = new ArchiveExtractor(limits(), 1).extract(zip, one, ExtractionProgress.NONE);
        ExtractedBackup b = new ArchiveExtractor(limits(), 4).extract(zip, four, ExtractionProgress.NONE);

        assertThat(b.entries()).isEqualTo(a.entries());
        assertThat(b.bytes()).isEqualTo(a.bytes()).isEqualTo(files.values().stream().mapToLong(x -> x.length).sum());
        assertMatchesSource(four);
    }

    @Test
    void unpacksBehindTheDownloadAndPlacesOnlyAfterTheWholeFileIsVerified() throws Exception {
        Path target = temp.resolve("restored");
        try (ArrivingFile arriving = new ArrivingFile(Duration.ofSeconds(20))) {
            Delivery delivery = new Delivery(arriving, true);
            CompletableFuture<Void> fetch = CompletableFuture.runAsync(delivery);

            ExtractedBackup extracted = new ArchiveExtractor(limits(), 2)
                    .extract(new ArrivingZip(arriving), target, ExtractionProgress.NONE);

            fetch.get(20, TimeUnit.SECONDS);
            assertThat(extracted.bytes()).isEqualTo(files.values().stream().mapToLong(x -> x.length).sum());
            assertMatchesSource(target);
            assertThat(delivery.firstChunkAt).isLessThan(delivery.lastChunkAt);
        }
    }

    @Test
    void aWholeFileFoundDamagedLeavesTheTargetAsItWas() throws Exception {
        Path target = temp.resolve("restored");
        try (ArrivingFile arriving = new ArrivingFile(Duration.ofSeconds(20))) {
            CompletableFuture<Void> fetch = CompletableFuture.runAsync(new Delivery(arriving, false));

            assertThatThrownBy(() -> new ArchiveExtractor(limits(), 2)
                    .extract(new ArrivingZip(arriving), target, ExtractionProgress.NONE))
                    .isInstanceOf(IOException.class).hasMessageContaining("arrived with SHA-256");

            fetch.get(20, TimeUnit.SECONDS);
            try (Stream<Path> left = Files.list(temp)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("source", "backup.zip", "fetch.part");
            }
        }
    }

    private void assertMatchesSource(Path target) {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertThat(target.resolve(f.getKey())).hasBinaryContent(f.getValue());
        }
    }

    private static ExtractionLimits limits() {
        return ExtractionLimits.defaults();
    }

    /** Plays a fetch: copies the zip into a part file chunk by chunk, the last first, slowly. */
    private final class Delivery implements Runnable {
        private final ArrivingFile arriving;
        private final boolean intact;
        volatile long firstChunkAt;
        volatile long lastChunkAt;

        Delivery(ArrivingFile arriving, boolean intact) {
            this.arriving = arriving;
            this.intact = intact;
        }

        @Override
        public void run() {
            try {
                byte[] bytes = Files.readAllBytes(zip);
                Path part = temp.resolve("fetch.part");
                int count = (bytes.length + CHUNK - 1) / CHUNK;
                try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    arriving.started(new StoredBackupInfo(1, "c", "main", Instant.EPOCH, bytes.length, "0".repeat(64),
                            "backup.zip", null, null), part, CHUNK, new BitSet());
                    for (int n = 0; n < count; n++) {
                        int index = n == 0 ? count - 1 : n - 1;
                        int offset = index * CHUNK;
                        out.write(ByteBuffer.wrap(bytes, offset, Math.min(CHUNK, bytes.length - offset)), offset);
                        arriving.written(index);
                        if (n == 0) {
                            firstChunkAt = System.nanoTime();
                        }
                        Thread.sleep(2);
                    }
                    lastChunkAt = System.nanoTime();
                }
                if (intact) {
                    arriving.verified(part);
                } else {
                    arriving.failed(new IOException("backup 1 arrived with SHA-256 1234 but the server recorded 0000"));
                }
            } catch (IOException | InterruptedException e) {
                arriving.failed(e);
            }
        }
    }
}
