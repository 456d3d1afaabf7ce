package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameTest {
    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stopCamel() throws Exception {
        camel.close();
    }

    @Test
    void missingMetadataAndPayloadAreEmptyNotNull() {
        Frame frame = new Frame(FrameType.FINALIZE, null, null);

        assertThat(frame.metadata()).isEmpty();
        assertThat(frame.payload()).isEmpty();
    }

    @Test
    void aFrameNeedsAType() {
        assertThatThrownBy(() -> new Frame(null, new byte[0], new byte[0]))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("type");
    }

    @Test
    void toStringGivesSizesNotContent() {
        assertThat(new Frame(FrameType.CHUNK, new byte[12], new byte[4096]))
                .hasToString("Frame[CHUNK, metadata=12 B, payload=4096 B]");
    }

    @Test
    void theFrameInAnExchangeBodyIsFound() {
        Frame frame = new Frame(FrameType.FINALIZE, null, null);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(frame);

        assertThat(Frame.of(exchange)).isSameAs(frame);
    }

    @Test
    void anExchangeWithoutAFrameNamesWhatItCarriesInstead() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody("hello");

        assertThatThrownBy(() -> Frame.of(exchange))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(exchange.getExchangeId())
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void anExchangeWithoutBodySaysSo() {
        Exchange exchange = new DefaultExchange(camel);

        assertThatThrownBy(() -> Frame.of(exchange)).hasMessageContaining("got no body");
    }
}
