package org.mysqlbackup.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.protocol.ChunkData;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.FetchChunk;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.protocol.RetryableProtocolException;
import org.mysqlbackup.transfer.Digests;

/** A chunk is checked before the fetcher sees it: damaged ones are asked again, wrong ones refused. */
class FetchReplyReaderTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private final FetchReplyReader reader = new FetchReplyReader(CODEC, 1 << 20);

    @Test
    void anIntactChunkBecomesTheBody() throws Exception {
        byte[] bytes = "hello".getBytes(StandardCharsets.US_ASCII);
        Exchange exchange = reply(new ChunkData(7, 0, 0, 5, Digests.sha256Hex(bytes)), bytes);

        reader.process(exchange);

        ReceivedChunk chunk = exchange.getMessage().getBody(ReceivedChunk.class);
        assertThat(chunk.bytes()).isEqualTo(bytes);
        assertThat(chunk.data().index()).isZero();
    }

    @Test
    void aDamagedChunkIsARetryableChecksumMismatch() {
        byte[] bytes = "hello".getBytes(StandardCharsets.US_ASCII);
        String sha = Digests.sha256Hex(bytes);
        bytes[2] ^= 1;

        assertThatThrownBy(() -> reader.process(reply(new ChunkData(7, 0, 0, 5, sha), bytes)))
                .isInstanceOfSatisfying(RetryableProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CHUNK_CHECKSUM_MISMATCH))
                .hasMessageContaining("chunk 0 of backup 7 arrived damaged");
    }

    @Test
    void aChunkOfAnotherLengthIsRefusedNotRetried() {
        byte[] bytes = "hell".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> reader.process(reply(new ChunkData(7, 0, 0, 4, Digests.sha256Hex(bytes)), bytes)))
                .isExactlyInstanceOf(ProtocolException.class);
    }

    private static Exchange reply(ChunkData data, byte[] payload) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(RouteFetchChannel.REQUEST, new FetchChunk(7, 0, 1 << 20));
        exchange.setProperty(RouteFetchChannel.CHUNK_LENGTH, 5);
        exchange.getMessage().setBody(CODEC.frame(data, payload));
        return exchange;
    }
}
