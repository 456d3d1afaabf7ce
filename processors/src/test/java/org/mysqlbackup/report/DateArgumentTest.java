package org.mysqlbackup.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DateArgumentTest {

    @Test
    void aDayStartsAtMidnightUtcAndAsAnEndIncludesTheWholeDay() {
        assertThat(DateArgument.start("--from", "2026-11-01")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(DateArgument.end("--to", "2026-11-30")).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void timesWithAnOffsetAreConvertedAndTimesWithoutOneAreUtc() {
        assertThat(DateArgument.end("--to", "2026-11-01T03:00:00+01:00")).isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
        assertThat(DateArgument.start("--from", "2026-11-01T02:00:00.250Z")).isEqualTo(Instant.parse("2026-11-01T02:00:00.250Z"));
        assertThat(DateArgument.start("--from", "2026-11-01T02:00")).isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
    }

    @Test
    void badInputNamesTheOptionAndShowsExamples() {
        assertThatThrownBy(() -> DateArgument.start("--from", "yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from: 'yesterday' is not a date (2026-11-01)");
        assertThatThrownBy(() -> DateArgument.end("--to", "2026-13-01")).hasMessageContaining("--to");
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> new Period(Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends");
    }
}
