package org.mysqlbackup.ui.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.schedule.InvalidScheduleException;
import org.mysqlbackup.schedule.ScheduleInput;
import org.mysqlbackup.schedule.ScheduleValidator;

class ScheduleWizardTest {
    /** A Friday; Europe/Oslo goes from summer time to winter time on Sunday 2026-10-25 at 03:00. */
    private static final Instant NOW = Instant.parse("2026-10-23T12:00:00Z");

    @TempDir
    Path temp;

    private ConsoleFixture fixture;
    private ScheduleWizard wizard;

    @BeforeEach
    void open() {
        fixture = new ConsoleFixture(temp);
        fixture.add("sales", "3308");
        wizard = new ScheduleWizard(fixture.schedules, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aDailyPreviewGivesTheNextFiveTimesInItsZoneAcrossTheClockChange() {
        ScheduleWizard.Preview preview = wizard.preview("sales",
                Map.of("type", "daily", "time", "04:00", "timeZone", "Europe/Oslo"));

        assertThat(preview.valid()).isTrue();
        assertThat(preview.description()).isEqualTo("daily at 04:00 (Europe/Oslo)");
        assertThat(preview.cron()).isEqualTo("0 0 4 * * ?");
        List<ZonedDateTime> next = preview.next().stream().map(ZonedDateTime::parse).toList();
        assertThat(next).hasSize(5);
        for (int i = 0; i < next.size(); i++) {
            ZonedDateTime at = next.get(i);
            assertThat(at.getZone()).isEqualTo(ZoneId.of("Europe/Oslo"));
            assertThat(at.toLocalDate()).isEqualTo(java.time.LocalDate.of(2026, 10, 24).plusDays(i));
            assertThat(at.toLocalTime()).isEqualTo(java.time.LocalTime.of(4, 0));
        }
        assertThat(next.get(0).getOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(next.get(1).getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(fixture.schedules.list("sales")).as("a preview stores nothing").isEmpty();
    }

    @Test
    void weeklyMonthlyAndCronPreviewsFireOnTheirDays() {
        assertThat(wizard.preview("sales", Map.of("type", "weekly", "day", "MON", "time", "23:15", "timeZone", "UTC"))
                .next()).allSatisfy(t -> assertThat(ZonedDateTime.parse(t).getDayOfWeek())
                        .isEqualTo(java.time.DayOfWeek.MONDAY));
        assertThat(wizard.preview("sales", Map.of("type", "monthly", "day", "31", "time", "01:00", "timeZone", "UTC"))
                .next()).extracting(t -> ZonedDateTime.parse(t).getMonthValue())
                .containsExactly(10, 12, 1, 3, 5);
        assertThat(wizard.preview("sales", Map.of("type", "cron", "cron", "0 0/15 * * * ?", "timeZone", "UTC")).next())
                .containsExactly("2026-10-23T12:15Z[UTC]", "2026-10-23T12:30Z[UTC]", "2026-10-23T12:45Z[UTC]",
                        "2026-10-23T13:00Z[UTC]", "2026-10-23T13:15Z[UTC]");
    }

    @Test
    void anInvalidFormHasTheValidatorsProblemsPerFieldAndCannotBeSaved() {
        Map<String, Object> form = Map.of("type", "weekly", "day", "Funday", "time", "25:00",
                "timeZone", "Mars/Olympus");
        ScheduleWizard.Preview preview = wizard.preview("sales", form);

        assertThat(preview.valid()).isFalse();
        assertThat(preview.next()).isEmpty();
        assertThat(preview.problems()).isEqualTo(new ScheduleValidator(n -> true).check(new ScheduleInput("sales",
                "weekly", "25:00", "Funday", null, "Mars/Olympus", null, true)).problems());
        assertThat(preview.problems()).containsKeys("day", "time", "time-zone");
        assertThatThrownBy(() -> wizard.replaceAll("sales", form)).isInstanceOf(InvalidScheduleException.class);
        assertThat(fixture.schedules.list("sales")).isEmpty();
    }

    @Test
    void savedSchedulesAreWhatTheCliListsAndCanBeSwitchedAndRemoved() {
        wizard.add("sales", Map.of("type", "daily", "time", "02:30", "timeZone", "UTC"));
        ScheduleWizard.ScheduleView only = wizard.replaceAll("sales",
                Map.of("type", "weekly", "day", "SUN", "time", "03:00", "timeZone", "Europe/Oslo",
                        "misfire", "run-once"));

        assertThat(wizard.list("sales")).containsExactly(only);
        assertThat(only.description()).isEqualTo(fixture.schedules.find(only.id()).orElseThrow().describe());
        assertThat(only.next()).isEqualTo("2026-10-25T03:00+01:00[Europe/Oslo]");
        assertThat(wizard.setEnabled("sales", only.id(), false).enabled()).isFalse();
        assertThat(fixture.schedules.active()).isEmpty();
        wizard.remove("sales", only.id());
        assertThat(wizard.list("sales")).isEmpty();
    }

    @Test
    void unknownConfigurationsAndSchedulesAreNotFound() {
        assertThatThrownBy(() -> wizard.list("nosuch")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> wizard.remove("sales", 42)).isInstanceOf(NoSuchElementException.class);
        assertThat(wizard.preview("nosuch", Map.of("type", "daily", "time", "02:30", "timeZone", "UTC")).problems())
                .containsKey("configuration");
    }
}
