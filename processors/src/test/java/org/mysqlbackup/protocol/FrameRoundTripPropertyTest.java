package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/**
 * Whatever the frame and however TCP slices the stream, the decoder hands back exactly the frames
 * the encoder was given, each as soon as its last byte arrives and not before.
 *
 * <p>Seeds are fixed (see {@code junit-platform.properties} in the test resources for why).
 */
class FrameRoundTripPropertyTest {
    private static final int MAX_PAYLOAD = 384 * 1024;
    private static final int MAX_FRAME = FrameLayout.LENGTH_FIELD_BYTES + FrameLayout.HEADER_BYTES
            + FrameLayout.MAX_METADATA_BYTES + MAX_PAYLOAD;

    @Property(tries = 200, seed = "7310925164529417331")
    void framesSplitAtArbitraryByteBoundariesRoundTripExactly(@ForAll("frames") List<Frame> frames,
                                                              @ForAll("cuts") List<Cut> cuts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Integer> frameStarts = new ArrayList<>();
        List<Integer> frameEnds = new ArrayList<>();
        for (Frame frame : frames) {
            frameStarts.add(stream.size());
            stream.writeBytes(Wire.encode(frame));
            frameEnds.add(stream.size());
        }
        byte[] bytes = stream.toByteArray();
        TreeSet<Integer> positions = new TreeSet<>();
        for (Cut cut : cuts) {
            positions.add(cut.position(frameStarts, bytes.length));
        }
        positions.add(bytes.length);

        EmbeddedChannel channel = Wire.decoderChannel(MAX_FRAME);
        List<Frame> decoded = new ArrayList<>();
        int delivered = 0;
        for (int position : positions) {
            if (position > delivered) {
                channel.writeInbound(Unpooled.wrappedBuffer(bytes, delivered, position - delivered));
                delivered = position;
            }
            decoded.addAll(Wire.drain(channel));
            int complete = delivered;
            assertThat(decoded).as("frames out after %d of %d bytes", delivered, bytes.length)
                    .hasSize((int) frameEnds.stream().filter(end -> end <= complete).count());
        }
        channel.finishAndReleaseAll();

        for (int i = 0; i < frames.size(); i++) {
            assertSameFrame(decoded.get(i), frames.get(i), i);
        }
    }

    private static void assertSameFrame(Frame actual, Frame expected, int index) {
        assertThat(actual.type()).as("type of frame %d", index).isEqualTo(expected.type());
        assertThat(Arrays.mismatch(actual.metadata(), expected.metadata()))
                .as("first differing metadata byte of frame %d (%d vs %d bytes)", index,
                        actual.metadata().length, expected.metadata().length)
                .isEqualTo(-1);
        assertThat(Arrays.mismatch(actual.payload(), expected.payload()))
                .as("first differing payload byte of frame %d (%d vs %d bytes)", index,
                        actual.payload().length, expected.payload().length)
                .isEqualTo(-1);
    }

    @Provide
    Arbitrary<List<Frame>> frames() {
        Arbitrary<FrameType> types = Arbitraries.of(FrameType.class);
        Arbitrary<Integer> metadataLengths = Arbitraries.integers().between(0, FrameLayout.MAX_METADATA_BYTES)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<Integer> payloadLengths = Arbitraries.integers().between(0, MAX_PAYLOAD)
                .withDistribution(RandomDistribution.uniform());
        Arbitrary<Long> contentSeeds = Arbitraries.longs();
        return Combinators.combine(types, metadataLengths, payloadLengths, contentSeeds)
                .as((type, metadataLength, payloadLength, seed) -> {
                    // content from a seed: generating 400 KiB byte by byte through jqwik would dominate the run time
                    Random random = new Random(seed);
                    byte[] metadata = new byte[metadataLength];
                    byte[] payload = new byte[payloadLength];
                    random.nextBytes(metadata);
                    random.nextBytes(payload);
                    return new Frame(type, metadata, payload);
                })
                .list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Cut>> cuts() {
        Arbitrary<Cut> anywhere = Arbitraries.integers().between(0, Integer.MAX_VALUE)
                .map(fraction -> new Cut(false, fraction, 0));
        // slices inside a length prefix or header are the interesting ones, and uniform positions rarely hit them
        Arbitrary<Cut> nearFrameStart = Combinators.combine(Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, FrameLayout.LENGTH_FIELD_BYTES + FrameLayout.HEADER_BYTES + 3))
                .as((frame, delta) -> new Cut(true, frame, delta));
        return Arbitraries.oneOf(anywhere, nearFrameStart).list().ofMinSize(1).ofMaxSize(64)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    /** A place to slice the stream: a fraction of its length, or a few bytes into one of its frames. */
    record Cut(boolean nearFrameStart, int value, int delta) {
        int position(List<Integer> frameStarts, int total) {
            long position = nearFrameStart
                    ? (long) frameStarts.get(value % frameStarts.size()) + delta
                    : ((long) value * (total + 1L)) >>> 31;
            return (int) Math.min(position, total);
        }
    }
}
