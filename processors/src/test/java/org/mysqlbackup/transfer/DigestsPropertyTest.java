package org.mysqlbackup.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The per-chunk SHA-256 is what lets the server refuse a chunk damaged in transit. */
class DigestsPropertyTest {

    @Property(tries = 500, seed = "8675309")
    void anySingleFlippedBitChangesTheChunkHash(@ForAll @Size(min = 1, max = 8192) byte[] chunk,
                                               @ForAll @IntRange(min = 0) int bitSeed) {
        int bit = bitSeed % (chunk.length * 8);
        byte[] damaged = chunk.clone();
        damaged[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThat(Digests.sha256Hex(damaged)).isNotEqualTo(Digests.sha256Hex(chunk));
    }

    @Property(tries = 200, seed = "8675310")
    void theHashIsLowerCaseHexThatTheValidatorAccepts(@ForAll @Size(max = 4096) byte[] chunk) {
        String hash = Digests.sha256Hex(chunk);

        assertThat(Digests.isSha256Hex(hash)).isTrue();
        assertThat(Digests.sha256Hex(chunk.clone())).isEqualTo(hash);
    }
}
