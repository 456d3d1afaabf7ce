package org.mysqlbackup.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Both peers derive every chunk's place from {@link ChunkLayout}; it must tile the file exactly. */
class ChunkLayoutPropertyTest {
    /** Up to this many chunks every one is checked; beyond, a spread of indexes and both ends. */
    private static final int EXHAUSTIVE = 100_000;

    @Property(tries = 1000, seed = "3141592653589793238")
    void chunksAreContiguousFullButTheLastAndCoverTheFileExactlyOnce(
            @ForAll @LongRange(min = 0, max = 6L << 30) long fileSize,
            @ForAll @IntRange(min = 1, max = 256 << 20) int chunkSize) {
        long expectedCount = ceilDiv(fileSize, chunkSize);
        if (expectedCount > Integer.MAX_VALUE) {
            assertThatThrownBy(() -> new ChunkLayout(fileSize, chunkSize)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        ChunkLayout layout = new ChunkLayout(fileSize, chunkSize);
        int count = layout.chunkCount();

        assertThat(count).isEqualTo(expectedCount);
        if (count == 0) {
            assertThat(fileSize).isZero();
            return;
        }
        assertThat(layout.offset(0)).isZero();
        long covered = 0;
        for (int i : indexesToCheck(count)) {
            int length = layout.length(i);
            if (i < count - 1) {
                assertThat(length).as("chunk %d of %d is full", i, count).isEqualTo(chunkSize);
                assertThat(layout.offset(i + 1)).as("chunk %d starts where %d ends", i + 1, i)
                        .isEqualTo(layout.offset(i) + length);
            } else {
                assertThat(length).as("last chunk").isBetween(1, chunkSize);
                assertThat(layout.offset(i) + length).as("last chunk ends the file").isEqualTo(fileSize);
            }
            covered += length;
        }
        if (count <= EXHAUSTIVE) {
            assertThat(covered).as("sum of all chunk lengths").isEqualTo(fileSize);
        }
        assertThatThrownBy(() -> layout.offset(count)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> layout.length(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Property(tries = 500, seed = "-6022140857747474")
    void anyFileSizeIsEitherRefusedOrCountedExactly(@ForAll("anySize") long fileSize,
                                                   @ForAll @IntRange(min = 1) int chunkSize) {
        long expectedCount = ceilDiv(fileSize, chunkSize);
        if (expectedCount > Integer.MAX_VALUE) {
            assertThatThrownBy(() -> new ChunkLayout(fileSize, chunkSize))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too many chunks");
        } else {
            assertThat(new ChunkLayout(fileSize, chunkSize).chunkCount()).isEqualTo(expectedCount);
        }
    }

    @Provide
    Arbitrary<Long> anySize() {
        return Arbitraries.oneOf(Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs().between(Long.MAX_VALUE - (1L << 31), Long.MAX_VALUE));
    }

    private static Iterable<Integer> indexesToCheck(int count) {
        TreeSet<Integer> indexes = new TreeSet<>();
        if (count <= EXHAUSTIVE) {
            for (int i = 0; i < count; i++) {
                indexes.add(i);
            }
            return indexes;
        }
        for (int i = 0; i < 1000; i++) {
            indexes.add(i);
            indexes.add(count - 1 - i);
            indexes.add((int) ((long) count * i / 1000));
        }
        return indexes;
    }

    /** Computed in BigInteger so the oracle cannot share the implementation's overflow. */
    private static long ceilDiv(long dividend, int divisor) {
        BigInteger[] qr = BigInteger.valueOf(dividend).divideAndRemainder(BigInteger.valueOf(divisor));
        BigInteger ceil = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return ceil.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    }
}
