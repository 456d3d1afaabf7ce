package org.mysqlbackup.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mysqlbackup.transfer.Digests;
import org.mysqlbackup.transfer.TransferLimits;

/**
 * Whatever the file size, the chunks in flight and the point where the network goes away, a
 * fetch cut and fetched again gives the file byte for byte, the second fetch asks only for the
 * chunks the first did not write, and no work file is left.
 */
class ResumedFetchPropertyTest {
    private static final int CHUNK = TransferLimits.MIN_CHUNK_SIZE;
    private static ExecutorService workers;
    private static Path temp;

    @BeforeContainer
    static void start() throws IOException {
        workers = Executors.newFixedThreadPool(8);
        temp = Files.createTempDirectory("resumed-fetch-");
    }

    @AfterContainer
    static void stop() throws IOException {
        workers.shutdownNow();
        try (var files = Files.walk(temp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 100, seed = "3981275120934578612")
    void aCutFetchResumesWithTheMissingChunksOnly(@ForAll @IntRange(min = 0, max = 24 * CHUNK) int size,
                                                  @ForAll @IntRange(min = 1, max = 6) int inFlight,
                                                  @ForAll @IntRange(min = 0, max = 30) int cutAfter,
                                                  @ForAll long seed) throws IOException {
        byte[] file = new byte[size];
        new Random(seed).nextBytes(file);
        MemoryFetchChannel server = new MemoryFetchChannel(file, CHUNK);
        BackupFetcher fetcher = new BackupFetcher(server, CHUNK, inFlight, workers, "memory");
        Path work = Files.createTempDirectory(temp, "work-");
        int chunks = (size + CHUNK - 1) / CHUNK;

        server.cutAfter(cutAfter);
        FetchedBackup fetched;
        Set<Integer> firstRun;
        try {
            fetched = fetcher.fetch(BackupSelector.byId(7), work, FetchProgress.NONE);
            firstRun = new HashSet<>(server.asked);
            assertThat(cutAfter).as("only a cut after every chunk lets the first fetch finish")
                    .isGreaterThanOrEqualTo(chunks);
        } catch (ServerUnreachableException e) {
            assertThat(e.resumable()).isTrue();
            Path state = work.resolve("fetch-7.zip.state");
            Set<Integer> recorded = new HashSet<>();
            Files.readAllLines(state).stream().skip(1).map(Integer::parseInt).forEach(recorded::add);
            server.asked.clear();
            server.heal();

            fetched = fetcher.fetch(BackupSelector.byId(7), work, FetchProgress.NONE);

            Set<Integer> second = new HashSet<>(server.asked);
            assertThat(server.asked).as("no chunk asked twice").doesNotHaveDuplicates();
            assertThat(second).as("chunks asked by the resume").noneMatch(recorded::contains);
            assertThat(second.size() + recorded.size()).isEqualTo(chunks);
            firstRun = second;
        }
        assertThat(firstRun).isNotNull();
        assertThat(Digests.sha256Hex(Files.readAllBytes(fetched.zip()))).isEqualTo(Digests.sha256Hex(file));
        try (var left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("fetch-7.zip");
        }
    }

    @Property(tries = 100, seed = "1184520913347812095")
    void aFileWhoseWholeSha256DiffersIsDeletedAndSaidSo(@ForAll @IntRange(min = 1, max = 8 * CHUNK) int size,
                                                        @ForAll long seed) throws IOException {
        byte[] file = new byte[size];
        new Random(seed).nextBytes(file);
        // every chunk matches its own SHA-256, the whole file does not match the recorded one
        MemoryFetchChannel server = new MemoryFetchChannel(file, CHUNK, "0".repeat(64));
        BackupFetcher fetcher = new BackupFetcher(server, CHUNK, 3, workers, "memory");
        Path work = Files.createTempDirectory(temp, "mismatch-");

        assertThatThrownBy(() -> fetcher.fetch(BackupSelector.byId(7), work, FetchProgress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.resumable()).isFalse())
                .hasMessageContaining("recorded " + "0".repeat(64))
                .hasMessageContaining("deleted");
        try (var left = Files.list(work)) {
            assertThat(left).as("nothing left behind").isEmpty();
        }
    }
}
