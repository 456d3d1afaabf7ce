package org.mysqlbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleIntervalTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Instant START = Instant.parse("2026-01-05T12:00:00Z");

    @Test
    void dailyIsADay() {
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.daily("main", LocalTime.of(2, 0), UTC)), START))
                .contains(Duration.ofHours(24));
    }

    @Test
    void dailyOverADaylightSavingChangeIsItsLongestDay() {
        // Oslo falls back one hour in October: that night's gap is 25 h
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.daily("main", LocalTime.of(1, 0),
                ZoneId.of("Europe/Oslo"))), START)).contains(Duration.ofHours(25));
        // 02:30 does not exist on the day Oslo springs forward: Quartz skips that run, 47 h pass
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.daily("main", LocalTime.of(2, 30),
                ZoneId.of("Europe/Oslo"))), START)).contains(Duration.ofHours(47));
    }

    @Test
    void weeklyIsAWeekAndMonthlyTheLongestMonth() {
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.weekly("main", DayOfWeek.SUNDAY, LocalTime.of(3, 0),
                UTC)), START)).contains(Duration.ofDays(7));
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.monthly("main", 1, LocalTime.of(3, 0), UTC)), START))
                .contains(Duration.ofDays(31));
    }

    @Test
    void weekdaysOnlyLeaveTheWeekendOpen() {
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.cron("main", "0 0 2 ? * MON-FRI", UTC)), START))
                .contains(Duration.ofHours(72));
    }

    @Test
    void schedulesTogetherCountAsOne() {
        // a weekly run on Sunday fills the weekend gap of a weekday schedule
        List<Schedule> both = List.of(Schedule.cron("main", "0 0 2 ? * MON-FRI", UTC),
                Schedule.cron("main", "0 0 2 ? * SAT,SUN", UTC));
        assertThat(ScheduleInterval.longestGap(both, START)).contains(Duration.ofHours(24));
    }

    @Test
    void disabledSchedulesAndNoneGiveNothing() {
        assertThat(ScheduleInterval.longestGap(List.of(), START)).isEmpty();
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.daily("main", LocalTime.of(2, 0), UTC)
                .withEnabled(false)), START)).isEmpty();
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.daily("main", LocalTime.of(2, 0), UTC)
                .withEnabled(false), Schedule.weekly("main", DayOfWeek.MONDAY, LocalTime.NOON, UTC)), START))
                .contains(Duration.ofDays(7));
    }

    @Test
    void aVeryFrequentScheduleIsMeasuredOnItsFirstFirings() {
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.cron("main", "*/3 * * * * ?", UTC)), START))
                .contains(Duration.ofSeconds(3));
    }

    @Test
    void aCronThatNeverFiresAgainGivesNothing() {
        assertThat(ScheduleInterval.longestGap(List.of(Schedule.cron("main", "0 0 2 1 1 ? 2020", UTC)), START))
                .isEmpty();
    }
}
