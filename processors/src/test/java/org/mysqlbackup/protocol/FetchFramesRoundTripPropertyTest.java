package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every fetch message, whatever its field values (nulls, extremes, any Unicode text), comes out
 * of encoder and decoder equal to what went in, with its payload unchanged.
 */
class FetchFramesRoundTripPropertyTest {
    private static final int MAX_FRAME = FrameLayout.LENGTH_FIELD_BYTES + FrameLayout.HEADER_BYTES
            + FrameLayout.MAX_METADATA_BYTES + (1 << 16);

    @Property(tries = 300, seed = "5126830094411237719")
    void fetchMessagesRoundTrip(@ForAll("messages") Record message, @ForAll("payloads") byte[] payload) {
        byte[] sent = message instanceof ChunkData ? payload : null;
        List<Frame> frames = Wire.decode(Wire.encode(Wire.CODEC.frame(message, sent)), MAX_FRAME);

        assertThat(frames).hasSize(1);
        Frame frame = frames.get(0);
        assertThat(Wire.CODEC.read(frame, message.getClass())).isEqualTo(message);
        assertThat(frame.payload()).isEqualTo(sent == null ? new byte[0] : sent);
    }

    @Provide
    Arbitrary<Record> messages() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(ListedBackup.MAX_TEXT);
        Arbitrary<String> nullableText = text.injectNull(0.2);
        Arbitrary<Long> ids = Arbitraries.longs();
        Arbitrary<Integer> ints = Arbitraries.integers();
        Arbitrary<ListedBackup> listed = Combinators.combine(ids, text, nullableText, Arbitraries.longs(),
                        Arbitraries.longs(), text, nullableText, nullableText)
                .as((id, client, config, created, size, sha, verify, drill) ->
                        new ListedBackup(id, client, config, created, size, sha, "f-" + id + ".zip", verify, drill));
        return Arbitraries.oneOf(
                Combinators.combine(nullableText, ids).as(ListQuery::new),
                Combinators.combine(listed.list().ofMaxSize(BackupList.MAX_PAGE / 5), Arbitraries.of(true, false))
                        .as(BackupList::new),
                Combinators.combine(ids.injectNull(0.3), nullableText, ids.injectNull(0.5), ints).as(FetchOpen::new),
                Combinators.combine(listed, ints, ints).as(FetchReady::new),
                Combinators.combine(ids, ints, ints).as(FetchChunk::new),
                Combinators.combine(ids, ints, Arbitraries.longs(), ints, text).as(ChunkData::new));
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(1 << 12);
    }
}
