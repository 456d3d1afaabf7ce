package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameTypeTest {

    @Test
    void wireCodesAreTheOnesPeersAlreadySpeak() {
        // changing a code breaks every deployed peer: these are part of protocol version 1
        assertThat(Arrays.stream(FrameType.values()).map(t -> t.name() + "=" + t.code()))
                .containsExactly("INIT=1", "ACCEPTED=2", "CHUNK=3", "CHUNK_STORED=4", "FINALIZE=5", "STORED=6", "ERROR=7",
                        "SPACE_QUERY=8", "SPACE=9", "LIST_QUERY=10", "LIST=11", "FETCH_OPEN=12", "FETCH_READY=13",
                        "FETCH_CHUNK=14", "CHUNK_DATA=15");
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void everyTypeIsFoundByItsCode(FrameType type) {
        assertThat(FrameType.ofCode(type.code())).isSameAs(type);
    }

    @Test
    void anUndefinedCodeIsAMalformedFrameNamingTheCode() {
        assertThatThrownBy(() -> FrameType.ofCode((byte) 0xC8))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessage("unknown frame type 200");
    }
}
