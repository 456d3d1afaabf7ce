package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.transfer.ChunkLayout;

/**
 * The server is killed after some chunks of a transfer are stored, and started again over the
 * same database and storage root: the transfer comes back holding exactly the chunks recorded
 * before the crash, only the missing ones are sent, and the file ends byte-identical with the
 * announced SHA-256 and MD5, whatever the size, the crash point and the delivery order.
 */
class ResumeAfterRestartPropertyTest {
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_CHUNKS = 40;
    private static final String CLIENT = "db1";
    private static final AtomicInteger TRANSFERS = new AtomicInteger();

    private static Path temp;
    private static ExecutorService background;

    @BeforeContainer
    static void setUp() throws IOException {
        temp = Files.createTempDirectory("resume-after-restart-");
        background = Executors.newSingleThreadExecutor();
    }

    @AfterContainer
    static void tearDown() throws Exception {
        background.shutdownNow();
        assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    // the scenarios name their own edge cases (empty file, sizes at chunk boundaries, crash before
    // the first or after the last chunk); jqwik's would crowd out the crashes in between
    @Property(tries = 100, seed = "5772156649015328606", edgeCases = EdgeCasesMode.NONE)
    void aRestartedServerResumesWithExactlyTheChunksStoredBeforeTheCrash(@ForAll("scenarios") Scenario scenario,
                                                                         @ForAll Random random) throws Exception {
        byte[] data = scenario.data();
        ChunkLayout layout = new ChunkLayout(data.length, CHUNK);
        List<Integer> order = shuffledIndexes(layout, random);
        BitSet storedBeforeCrash = new BitSet();
        order.subList(0, scenario.crashAfter()).forEach(storedBeforeCrash::set);

        try (Server server = new Server(scenario.inBackground())) {
            InitTransfer init = init(data);
            IncomingTransfers.Opened first = server.transfers.open(CLIENT, init);
            assertThat(first.chunkCount()).isEqualTo(layout.chunkCount());
            assertThat(first.held()).as("a new transfer holds nothing").isEqualTo(new BitSet());
            long logId = first.transfer().logId();
            for (int index : order.subList(0, scenario.crashAfter())) {
                server.receive(first.transfer(), data, index);
            }
            if (scenario.tornWrite() && scenario.crashAfter() < order.size()) {
                // the crash hit while the next chunk was being written, before it was recorded
                tornWrite(first.transfer().stagingFile(), layout, order.get(scenario.crashAfter()), random);
            }

            server.crash();
            IncomingTransfers.Opened resumed = server.transfers.open(CLIENT, init);

            assertThat(resumed.chunkCount()).isEqualTo(layout.chunkCount());
            assertThat(resumed.held()).as("chunks held after the restart").isEqualTo(storedBeforeCrash);
            IncomingTransfer transfer = resumed.transfer();
            assertThat(transfer).isNotNull().isNotSameAs(first.transfer());
            assertThat(transfer.logId()).as("the same BackupLogs row carries on").isEqualTo(logId);
            assertThat(transfer.received()).isEqualTo(storedBeforeCrash);
            assertThat(transfer.missing()).isEqualTo(layout.chunkCount() - scenario.crashAfter());

            for (int index : order.subList(scenario.crashAfter(), order.size())) {
                assertThat(transfer.has(index)).isFalse();
                server.receive(transfer, data, index);
            }

            assertComplete(server, transfer, data);
        }
    }

    @Example
    void anEmptyFileSurvivesARestart() throws Exception {
        byte[] data = new byte[0];
        try (Server server = new Server(false)) {
            InitTransfer init = init(data);
            assertThat(server.transfers.open(CLIENT, init).chunkCount()).isZero();
            server.crash();

            IncomingTransfers.Opened resumed = server.transfers.open(CLIENT, init);

            assertThat(resumed.chunkCount()).isZero();
            assertThat(resumed.held()).isEqualTo(new BitSet());
            assertComplete(server, resumed.transfer(), data);
        }
    }

    @Example
    void aChunkSentAgainAfterTheRestartChangesNothing() throws Exception {
        byte[] data = randomBytes(5 * CHUNK + 123, 1);
        ChunkLayout layout = new ChunkLayout(data.length, CHUNK);
        try (Server server = new Server(false)) {
            InitTransfer init = init(data);
            IncomingTransfer before = server.transfers.open(CLIENT, init).transfer();
            server.receive(before, data, 5);
            server.receive(before, data, 1);
            server.crash();

            IncomingTransfers.Opened resumed = server.transfers.open(CLIENT, init);
            assertThat(resumed.held()).isEqualTo(bits(1, 5));
            IncomingTransfer transfer = resumed.transfer();
            // the acknowledgements were lost: the client sends both chunks again, and the server
            // writes and records them once more (ChunkReceiver would skip the write)
            server.receive(transfer, data, 5);
            server.receive(transfer, data, 1);
            assertThat(transfer.received()).isEqualTo(bits(1, 5));
            assertThat(server.log.receivedChunks(init.transferId())).isEqualTo(bits(1, 5));

            server.crash();
            IncomingTransfers.Opened again = server.transfers.open(CLIENT, init);
            assertThat(again.held()).as("no duplicate and nothing lost").isEqualTo(bits(1, 5));
            // and once more in the same server life: the open transfer is returned as it is
            assertThat(server.transfers.open(CLIENT, init).transfer()).isSameAs(again.transfer());
            for (int index = 0; index < layout.chunkCount(); index++) {
                if (!again.transfer().has(index)) {
                    server.receive(again.transfer(), data, index);
                }
            }
            server.receive(again.transfer(), data, 0);

            assertComplete(server, again.transfer(), data);
        }
    }

    @Example
    void aStagingFileDeletedBeforeTheRestartStartsTheTransferOver() throws Exception {
        byte[] data = randomBytes(7 * CHUNK - 1, 2);
        ChunkLayout layout = new ChunkLayout(data.length, CHUNK);
        try (Server server = new Server(true)) {
            InitTransfer init = init(data);
            IncomingTransfer before = server.transfers.open(CLIENT, init).transfer();
            for (int index : List.of(6, 0, 3, 2)) {
                server.receive(before, data, index);
            }
            Path staging = before.stagingFile();
            server.crash();
            Files.delete(staging);

            IncomingTransfers.Opened resumed = server.transfers.open(CLIENT, init);

            assertThat(resumed.held()).as("nothing is held without the staging file").isEqualTo(new BitSet());
            assertThat(server.log.receivedChunks(init.transferId())).as("its resume data is forgotten").isEqualTo(new BitSet());
            assertThat(resumed.transfer().missing()).isEqualTo(layout.chunkCount());
            assertThat(resumed.transfer().logId()).isEqualTo(before.logId());
            assertThat(server.log.byTransferId(init.transferId()).orElseThrow().status()).isEqualTo("Transferring");
            for (int index = layout.chunkCount() - 1; index >= 0; index--) {
                server.receive(resumed.transfer(), data, index);
            }

            assertComplete(server, resumed.transfer(), data);
        }
    }

    @Example
    void severalRestartsInARowLoseNothing() throws Exception {
        byte[] data = randomBytes(20 * CHUNK + 1, 3);
        ChunkLayout layout = new ChunkLayout(data.length, CHUNK);
        List<Integer> order = shuffledIndexes(layout, new Random(3));
        try (Server server = new Server(true)) {
            InitTransfer init = init(data);
            IncomingTransfer transfer = server.transfers.open(CLIENT, init).transfer();
            BitSet stored = new BitSet();
            int next = 0;
            for (int stop : List.of(4, 4, 9, 20, 21)) {
                for (; next < stop; next++) {
                    server.receive(transfer, data, order.get(next));
                    stored.set(order.get(next));
                }
                server.crash();
                IncomingTransfers.Opened resumed = server.transfers.open(CLIENT, init);
                assertThat(resumed.held()).as("held after the restart at %d chunks", stop).isEqualTo(stored);
                transfer = resumed.transfer();
            }

            assertComplete(server, transfer, data);
        }
    }

    @Example
    void aTransferResumedThroughAChunkForItAfterTheRestartHoldsTheSameChunks() throws Exception {
        // after a restart the client may send a CHUNK before its INIT: get() picks the transfer up
        byte[] data = randomBytes(3 * CHUNK, 4);
        try (Server server = new Server(false)) {
            InitTransfer init = init(data);
            server.receive(server.transfers.open(CLIENT, init).transfer(), data, 2);
            server.crash();

            IncomingTransfer transfer = server.transfers.get(CLIENT, init.transferId());
            assertThat(transfer.received()).isEqualTo(bits(2));
            server.receive(transfer, data, 0);
            server.receive(transfer, data, 1);

            assertComplete(server, transfer, data);
        }
    }

    // --- the server under test

    /** One server life after another over the same database file and storage root. */
    private static final class Server implements AutoCloseable {
        final Path database;
        final StorageLayout storage;
        final ExecutorService digests;
        DataSource dataSource;
        ReceiveLogStore log;
        IncomingTransfers transfers;

        Server(boolean inBackground) {
            Path home = temp.resolve("server-" + TRANSFERS.incrementAndGet());
            this.database = home.resolve("server.db");
            this.storage = new StorageLayout(home.resolve("storage"));
            this.digests = inBackground ? background : null;
            start();
            new SchemaMigrator(dataSource, Path.of("..", "config", "schema", "server")).migrate();
        }

        private void start() {
            dataSource = SqliteDatabase.open(database, Duration.ofSeconds(10));
            log = new ReceiveLogStore(dataSource, Clock.systemUTC());
            transfers = new IncomingTransfers(storage, log, 0, digests == null ? Runnable::run : digests,
                    new StorageFailures(storage, 0, alert -> { }, java.time.Clock.systemUTC(), java.time.Duration.ZERO));
        }

        /** What ChunkReceiver does with a verified chunk. */
        void receive(IncomingTransfer transfer, byte[] data, int index) throws IOException {
            ChunkLayout layout = transfer.layout();
            int offset = (int) layout.offset(index);
            transfer.write(index, Arrays.copyOfRange(data, offset, offset + layout.length(index)));
            transfers.chunkStored(transfer, index);
        }

        /** The process dies: staging files are closed by the OS, nothing else happens; then it starts again. */
        void crash() throws Exception {
            transfers.close();
            ((AutoCloseable) dataSource).close();
            start();
        }

        @Override
        public void close() throws Exception {
            transfers.close();
            ((AutoCloseable) dataSource).close();
            if (digests != null) {
                digests.submit(() -> { }).get(30, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(database.getParent())) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void assertComplete(Server server, IncomingTransfer transfer, byte[] data) throws IOException {
        ChunkLayout layout = transfer.layout();
        assertThat(transfer.missing()).isZero();
        BitSet all = new BitSet();
        all.set(0, layout.chunkCount());
        assertThat(server.log.receivedChunks(transfer.transferId())).as("every chunk recorded").isEqualTo(all);

        StagingDigest.Result digest = transfer.finishDigest();

        assertThat(digest.size()).isEqualTo(data.length);
        assertThat(digest.sha256()).as("SHA-256 of the resumed file").isEqualTo(hex("SHA-256", data));
        assertThat(digest.md5()).as("MD5 of the resumed file").isEqualTo(hex("MD5", data));
        byte[] staged = Files.readAllBytes(transfer.stagingFile());
        assertThat(staged.length).as("staging file size").isEqualTo(data.length);
        assertThat(Arrays.mismatch(staged, data)).as("first byte where the staging file differs").isEqualTo(-1);
    }

    /** Part of a chunk, or garbage, at its offset: what a write cut short by the crash leaves. */
    private static void tornWrite(Path staging, ChunkLayout layout, int index, Random random) throws IOException {
        byte[] garbage = new byte[1 + random.nextInt(layout.length(index))];
        random.nextBytes(garbage);
        try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(garbage), layout.offset(index));
        }
    }

    private static InitTransfer init(byte[] data) {
        String id = String.format("resume-%08d", TRANSFERS.incrementAndGet());
        return new InitTransfer(id, "nightly", "Data.zip", data.length, CHUNK, hex("SHA-256", data), hex("MD5", data),
                1_700_000_000_000L);
    }

    private static List<Integer> shuffledIndexes(ChunkLayout layout, Random random) {
        List<Integer> order = new ArrayList<>();
        IntStream.range(0, layout.chunkCount()).forEach(order::add);
        Collections.shuffle(order, random);
        return order;
    }

    private static BitSet bits(int... indexes) {
        BitSet bits = new BitSet();
        for (int index : indexes) {
            bits.set(index);
        }
        return bits;
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * @param crashAfter  chunks stored (written and recorded) before the crash, 0..chunk count
     * @param tornWrite   the crash interrupted the write of the next chunk
     * @param inBackground digests run on a background thread rather than the writing one
     */
    record Scenario(int size, long contentSeed, int crashAfter, boolean tornWrite, boolean inBackground) {
        byte[] data() {
            return randomBytes(size, contentSeed);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        // exact multiples of the chunk size and one byte either side, or anything up to 2.5 MiB
        Arbitrary<Integer> nearAMultiple = Combinators.combine(uniform(0, MAX_CHUNKS),
                Arbitraries.integers().between(-1, 1)).as((chunks, delta) -> Math.max(0, chunks * CHUNK + delta));
        Arbitrary<Integer> anySize = uniform(0, MAX_CHUNKS * CHUNK);
        Arbitrary<Integer> fewChunks = uniform(0, 3 * CHUNK);
        Arbitrary<Integer> sizes = Arbitraries.oneOf(nearAMultiple, anySize, fewChunks);
        return sizes.flatMap(size -> {
            int chunkCount = new ChunkLayout(size, CHUNK).chunkCount();
            // before the first chunk, after the last, or anywhere between
            Arbitrary<Integer> crashPoints = Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(0)),
                    Tuple.of(1, Arbitraries.just(chunkCount)),
                    Tuple.of(4, uniform(0, chunkCount)));
            return Combinators.combine(Arbitraries.longs(), crashPoints,
                            Arbitraries.of(true, false), Arbitraries.of(true, false))
                    .as((seed, crashAfter, torn, inBackground) -> new Scenario(size, seed, crashAfter, torn, inBackground));
        });
    }

    /** jqwik favours small numbers by default; sizes and crash points should spread evenly. */
    private static Arbitrary<Integer> uniform(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
    }
}
