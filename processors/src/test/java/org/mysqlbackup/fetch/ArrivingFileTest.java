package org.mysqlbackup.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a backup while it is fetched: the bytes are the file's, waits end with the fetch's outcome. */
class ArrivingFileTest {
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path work;

    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        reader.shutdownNow();
    }

    @Test
    void readsTheWholeFileWhileItArrivesTheLastChunkFirst() throws Exception {
        byte[] file = random(CHUNK * 9 + 1234);
        MemoryFetchChannel server = new MemoryFetchChannel(file, CHUNK);
        BackupFetcher fetcher = new BackupFetcher(server, CHUNK, 3, workers, "memory");

        try (ArrivingFile arriving = new ArrivingFile(Duration.ofSeconds(10))) {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(arriving), reader);
            FetchedBackup fetched = fetcher.fetch(BackupSelector.byId(7), work, FetchProgress.NONE, arriving);

            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(file);
            assertThat(arriving.awaitVerified()).isEqualTo(fetched.zip());
            assertThat(server.asked.get(0)).as("the central directory's chunk first").isEqualTo(9);
        }
    }

    @Test
    void aChunkAReaderWaitsForIsAskedBeforeTheOthers() throws Exception {
        byte[] file = random(CHUNK * 10);
        MemoryFetchChannel server = new MemoryFetchChannel(file, CHUNK);
        BackupFetcher fetcher = new BackupFetcher(server, CHUNK, 1, workers, "memory");
        java.util.concurrent.atomic.AtomicInteger wanted = new java.util.concurrent.atomic.AtomicInteger(5);
        FetchObserver reader = new FetchObserver() {
            @Override
            public int wanted() {
                return wanted.getAndSet(-1);
            }
        };

        fetcher.fetch(BackupSelector.byId(7), work, FetchProgress.NONE, reader);

        assertThat(server.asked).containsExactly(5, 9, 0, 1, 2, 3, 4, 6, 7, 8);
    }

    @Test
    void aReaderWaitingForBytesGetsTheFetchsFailure() throws Exception {
        byte[] file = random(CHUNK * 6);
        MemoryFetchChannel server = new MemoryFetchChannel(file, CHUNK);
        server.cutAfter(2);
        BackupFetcher fetcher = new BackupFetcher(server, CHUNK, 1, workers, "memory");

        try (ArrivingFile arriving = new ArrivingFile(Duration.ofSeconds(10))) {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(arriving), reader);
            assertThatThrownBy(() -> fetcher.fetch(BackupSelector.byId(7), work, FetchProgress.NONE, arriving))
                    .isInstanceOf(FetchException.class);

            assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("Connection reset");
            assertThatThrownBy(arriving::awaitVerified).hasMessageContaining("the fetch stopped");
        }
    }

    @Test
    void aWholeFileMismatchIsNeverReportedVerified() throws Exception {
        byte[] file = random(CHUNK * 3);
        MemoryFetchChannel server = new MemoryFetchChannel(file, CHUNK, "0".repeat(64));
        BackupFetcher fetcher = new BackupFetcher(server, CHUNK, 2, workers, "memory");

        try (ArrivingFile arriving = new ArrivingFile(Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> fetcher.fetch(BackupSelector.byId(7), work, FetchProgress.NONE, arriving))
                    .hasMessageContaining("arrived with SHA-256");
            assertThatThrownBy(arriving::awaitVerified).hasMessageContaining("arrived with SHA-256");
        }
    }

    @Test
    void aReadOfChunksThatNeverComeEndsAfterTheStall() throws Exception {
        Path part = Files.write(work.resolve("fetch-7.zip.part"), new byte[CHUNK]);
        try (ArrivingFile arriving = new ArrivingFile(Duration.ofMillis(200))) {
            arriving.started(new StoredBackupInfo(7, "c1", "db1", java.time.Instant.EPOCH, CHUNK * 2L,
                    "0".repeat(64), "f.zip", null, null), part, CHUNK, BitSet.valueOf(new long[] {1}));
            SeekableByteChannel channel = arriving.channel();

            ByteBuffer first = ByteBuffer.allocate(CHUNK);
            assertThat(channel.read(first)).as("chunk 0 is here").isEqualTo(CHUNK);
            long started = System.nanoTime();
            assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(10)))
                    .isInstanceOf(IOException.class).hasMessageContaining("no progress from the fetch");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static byte[] readAll(ArrivingFile arriving) {
        try (SeekableByteChannel channel = arriving.channel()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(10_000);
            // the reader starts from both ends as an unzip does: the tail, then from the start
            channel.position(channel.size() - 100);
            while (channel.read(buffer) > 0) {
                buffer.clear();
            }
            channel.position(0);
            for (int n; (n = channel.read(buffer)) > 0; buffer.clear()) {
                out.write(buffer.array(), 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

}
