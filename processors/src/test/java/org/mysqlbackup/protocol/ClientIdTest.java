package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** A client id becomes a folder name on the server, so it must be one safe path segment. */
class ClientIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"db1", "web-01.prod", "_internal", "A", "0", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void ordinaryHostNamesAreValid(String id) {
        assertThat(ClientId.isValid(id)).isTrue();
        assertThat(ClientId.require(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", ".hidden", "-rf", "a/b", "a\\b", "../etc", "a b", "a\u0000b", "é",
            "xyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"})
    void anythingThatIsNotOneSafePathSegmentIsInvalid(String id) {
        assertThat(ClientId.isValid(id)).isFalse();
        assertThatThrownBy(() -> ClientId.require(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client id '" + id + "'")
                .hasMessageContaining(ClientId.RULE);
    }
}
