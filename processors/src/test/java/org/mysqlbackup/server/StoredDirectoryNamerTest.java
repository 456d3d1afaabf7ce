package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StoredDirectoryNamerTest {
    private static final Instant CREATED = Instant.parse("2026-11-26T02:00:41Z");

    @Test
    void theDocumentedExampleFilesByClientConfigurationYearAndMonth() {
        StoredDirectoryNamer namer = new StoredDirectoryNamer("{client}/{config}/{yyyy}/{MM}", "backup-1");

        assertThat(namer.segments("db-host-1", "nightly", CREATED)).containsExactly("db-host-1", "nightly", "2026", "11");
    }

    @Test
    void hostileValuesStayInsideTheirOwnSegment() {
        StoredDirectoryNamer namer = new StoredDirectoryNamer("{server}/{client}-{config}", "../srv");

        assertThat(namer.segments("../../etc", "a/b\\c\u0000", CREATED)).containsExactly("__srv", "____etc-a_b_c_");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "/{client}", "{client}/", "{client}//{config}", "..\\{client}", "{client}/../x",
            "./{client}", "{client}/{seq}", "{client}/{bogus}", "a/b/c/d/e/f/g/h/i"})
    void aPatternThatCouldLeaveTheRootOrIsMistypedIsRefused(String pattern) {
        assertThatThrownBy(() -> new StoredDirectoryNamer(pattern, "backup-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("directory pattern");
    }
}
