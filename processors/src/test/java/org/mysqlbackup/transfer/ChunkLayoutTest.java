package org.mysqlbackup.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkLayoutTest {

    @Test
    void anEmptyFileHasNoChunks() {
        ChunkLayout layout = new ChunkLayout(0, 4096);

        assertThat(layout.chunkCount()).isZero();
        assertThatThrownBy(() -> layout.offset(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aFileOfOneByteIsOneChunkOfOneByte() {
        ChunkLayout layout = new ChunkLayout(1, 4096);

        assertThat(layout.chunkCount()).isEqualTo(1);
        assertThat(layout.offset(0)).isZero();
        assertThat(layout.length(0)).isEqualTo(1);
    }

    @Test
    void aFileOfExactlyNChunksEndsWithAFullChunk() {
        ChunkLayout layout = new ChunkLayout(3 * 4096, 4096);

        assertThat(layout.chunkCount()).isEqualTo(3);
        assertThat(layout.offset(2)).isEqualTo(8192);
        assertThat(layout.length(2)).isEqualTo(4096);
    }

    @Test
    void oneByteMoreThanNChunksAddsAOneByteChunk() {
        ChunkLayout layout = new ChunkLayout(3 * 4096 + 1, 4096);

        assertThat(layout.chunkCount()).isEqualTo(4);
        assertThat(layout.offset(3)).isEqualTo(3 * 4096);
        assertThat(layout.length(3)).isEqualTo(1);
    }

    @Test
    void offsetsBeyondTwoGibibytesDoNotOverflow() {
        ChunkLayout layout = new ChunkLayout(10L << 30, 256 << 20);

        assertThat(layout.chunkCount()).isEqualTo(40);
        assertThat(layout.offset(39)).isEqualTo(39L * (256 << 20));
    }

    @Test
    void indexesOutsideTheFileAreRefusedNamingTheRange() {
        ChunkLayout layout = new ChunkLayout(10, 4);

        assertThatThrownBy(() -> layout.length(3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("chunk 3 outside 0..2");
        assertThatThrownBy(() -> layout.offset(-1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("chunk -1 outside 0..2");
    }

    @Test
    void aNegativeFileSizeIsRefused() {
        assertThatThrownBy(() -> new ChunkLayout(-1, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file size -1 is negative");
    }

    @Test
    void aChunkSizeOfZeroOrLessIsRefused() {
        assertThatThrownBy(() -> new ChunkLayout(10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunk size 0 is not positive");
        assertThatThrownBy(() -> new ChunkLayout(10, -4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunk size -4096 is not positive");
    }

    @Test
    void exactlyIntegerMaxChunksIsStillAccepted() {
        assertThat(new ChunkLayout(Integer.MAX_VALUE, 1).chunkCount()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void oneChunkMoreThanAnIntCanCountIsRefused() {
        assertThatThrownBy(() -> new ChunkLayout(Integer.MAX_VALUE + 1L, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too many chunks");
    }

    @Test
    void aFileSizeNearLongMaxIsRefusedInsteadOfOverflowingIntoZeroChunks() {
        // a hostile INIT could announce this size; (size + chunk - 1) overflows to a negative count
        assertThatThrownBy(() -> new ChunkLayout(Long.MAX_VALUE, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too many chunks");
        assertThatThrownBy(() -> new ChunkLayout(Long.MAX_VALUE - 1, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too many chunks");
    }
}
