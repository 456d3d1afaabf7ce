package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.transfer.ChunkLayout;
import org.mysqlbackup.transfer.Digests;

/**
 * The client splits with {@link ChunkLayout}, chunks arrive in any order (several connections,
 * retries), and {@link IncomingTransfer} writes each at its offset: the staging file must end up
 * byte-identical to the original, and {@code missing()} must reach 0 exactly with the last new chunk.
 */
class ChunkReassemblyPropertyTest {
    private static final int MAX_CHUNKS = 300;

    @Property(tries = 200, seed = "1618033988749894848")
    void chunksWrittenInAnyOrderWithRetriesReassembleTheOriginalFile(@ForAll("files") FileToSend file,
                                                                     @ForAll Random random) throws IOException {
        ChunkLayout layout = new ChunkLayout(file.data().length, file.chunkSize());
        List<Integer> order = new ArrayList<>();
        IntStream.range(0, layout.chunkCount()).forEach(order::add);
        // a lost acknowledgement makes the client send a chunk again
        IntStream.range(0, layout.chunkCount()).filter(i -> random.nextInt(8) == 0).forEach(order::add);
        Collections.shuffle(order, random);

        assertReassembles(file.data(), file.chunkSize(), order);
    }

    @Property(tries = 200, seed = "2718281828459045235")
    void anyByteArrayReassemblesWhateverTheChunkSize(@ForAll @Size(max = 20_000) byte[] data,
                                                     @ForAll("chunkSizes") int chunkSize,
                                                     @ForAll Random random) throws IOException {
        int count = new ChunkLayout(data.length, chunkSize).chunkCount();
        List<Integer> order = new ArrayList<>();
        IntStream.range(0, count).forEach(order::add);
        Collections.shuffle(order, random);

        assertReassembles(data, chunkSize, order);
    }

    @Example
    void anEmptyFileIsCompleteBeforeAnyChunkArrives() throws IOException {
        assertReassembles(new byte[0], 4096, List.of());
    }

    @Example
    void aOneByteFileIsOneChunk() throws IOException {
        assertReassembles(new byte[] {42}, 4096, List.of(0));
    }

    @Example
    void aFileOneByteShortOfAChunkIsOneChunk() throws IOException {
        assertReassembles(randomBytes(4095, 1), 4096, List.of(0));
    }

    @Example
    void aFileOfExactlyOneChunkIsOneChunk() throws IOException {
        assertReassembles(randomBytes(4096, 2), 4096, List.of(0));
    }

    @Example
    void aFileOneByteOverAChunkEndsWithAOneByteChunkWrittenFirst() throws IOException {
        assertReassembles(randomBytes(4097, 3), 4096, List.of(1, 0));
    }

    @Example
    void manyChunksInReverseOrderReassemble() throws IOException {
        byte[] data = randomBytes(100 * 1024 + 17, 4);
        List<Integer> order = new ArrayList<>();
        IntStream.range(0, 101).forEach(i -> order.add(100 - i));

        assertReassembles(data, 1024, order);
    }

    /** Writes the chunks of {@code data} in {@code order} (which may repeat indexes) and checks the result. */
    private static void assertReassembles(byte[] data, int chunkSize, List<Integer> order) throws IOException {
        ChunkLayout layout = new ChunkLayout(data.length, chunkSize);
        Path staging = Files.createTempFile("reassembly-", ".part");
        BitSet written = new BitSet();
        try (IncomingTransfer transfer = new IncomingTransfer("db1", init(data, chunkSize), staging, 1)) {
            assertThat(transfer.missing()).as("missing before any chunk").isEqualTo(layout.chunkCount());
            for (int index : order) {
                if (!written.get(index)) {
                    assertThat(transfer.missing()).as("missing while chunk %d is still to come", index).isPositive();
                }
                int offset = (int) layout.offset(index);
                transfer.write(index, Arrays.copyOfRange(data, offset, offset + layout.length(index)));
                written.set(index);
                assertThat(transfer.missing()).as("missing after %d distinct chunks", written.cardinality())
                        .isEqualTo(layout.chunkCount() - written.cardinality());
                assertThat(transfer.has(index)).isTrue();
            }
            assertThat(transfer.missing()).isZero();
            assertThat(transfer.received()).isEqualTo(written);
            StagingDigest.Result digest = transfer.finishDigest();
            assertThat(digest.size()).isEqualTo(data.length);
            assertThat(digest.sha256()).as("whole-file SHA-256 computed while chunks arrived")
                    .isEqualTo(Digests.sha256Hex(data));
            assertThat(digest.md5()).isEqualTo(java.util.HexFormat.of().formatHex(Digests.md5().digest(data)));
            byte[] assembled = Files.readAllBytes(staging);
            assertThat(assembled.length).as("staging file size").isEqualTo(data.length);
            assertThat(Arrays.mismatch(assembled, data)).as("first differing byte").isEqualTo(-1);
            assertThat(Digests.sha256Hex(assembled)).isEqualTo(Digests.sha256Hex(data));
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    private static InitTransfer init(byte[] data, int chunkSize) {
        return new InitTransfer("transfer-0001", "nightly", "Data.zip", data.length, chunkSize, Digests.sha256Hex(data),
                "0".repeat(32), 0);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** File content is drawn from a seed: jqwik would spend most of the run generating 100 KiB byte by byte. */
    record FileToSend(int chunkSize, int size, long contentSeed) {
        byte[] data() {
            return randomBytes(size, contentSeed);
        }
    }

    @Provide
    Arbitrary<FileToSend> files() {
        Arbitrary<Integer> chunkSizes = chunkSizes();
        Arbitrary<Integer> fullChunks = Arbitraries.integers().between(0, MAX_CHUNKS - 1);
        // -1, 0, +1 around a chunk boundary, or anywhere inside the last chunk
        Arbitrary<Integer> tailKinds = Arbitraries.integers().between(-1, 2);
        return Combinators.combine(chunkSizes, fullChunks, tailKinds, Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.longs())
                .as((chunkSize, full, tail, anyTail, seed) -> {
                    int extra = tail < 2 ? tail : anyTail % chunkSize;
                    return new FileToSend(chunkSize, Math.max(0, full * chunkSize + extra), seed);
                });
    }

    @Provide
    Arbitrary<Integer> chunkSizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 64), Arbitraries.integers().between(1, 4096));
    }
}
