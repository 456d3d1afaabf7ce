package org.mysqlbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Every daily, weekly and monthly schedule turns into a Quartz cron whose next firings are exactly
 * the wanted wall-clock times in the schedule's zone, computed here with java.time alone.
 */
class ScheduleFireTimesPropertyTest {
    private static final List<String> ZONES = List.of("UTC", "Europe/Oslo", "America/New_York", "Asia/Kolkata",
            "Australia/Adelaide", "Australia/Lord_Howe", "America/Havana", "America/Santiago", "Pacific/Auckland",
            "Asia/Tokyo");

    @Property(tries = 1000, seed = "20240605")
    void nextFiringsAreTheWantedLocalTimes(@ForAll("schedules") Schedule schedule,
                                           @ForAll @LongRange(min = 1577836800L, max = 2051222400L) long startSecond,
                                           @ForAll boolean nearClockChange, @ForAll @LongRange(max = 3 * 86400) long before) {
        Instant start = Instant.ofEpochSecond(startSecond);
        if (nearClockChange) {
            // just before the zone's next clock change, where wall-clock times go missing or repeat
            java.time.zone.ZoneOffsetTransition change = schedule.timeZone().getRules().nextTransition(start);
            if (change != null) {
                start = change.getInstant().minusSeconds(before);
            }
        }
        List<Instant> quartz = new ArrayList<>();
        Instant after = start;
        for (int i = 0; i < 4; i++) {
            after = QuartzCron.nextFireAfter(schedule, after).orElseThrow().toInstant();
            quartz.add(after);
        }
        assertThat(quartz).as("%s as '%s' from %s", schedule.describe(), QuartzCron.of(schedule), start)
                .isEqualTo(wanted(schedule, start, 4));
    }

    /**
     * The next {@code count} wanted times after {@code start}, by wall clock in the zone: the next
     * matching day and time later than the wall-clock time at {@code start}. A time the zone skips
     * (clocks forward) does not happen that day; one it repeats (clocks back) happens once, the
     * second time (standard time). That is Quartz's rule, documented in the README.
     */
    static List<Instant> wanted(Schedule s, Instant start, int count) {
        ZoneId zone = s.timeZone();
        LocalDateTime wallClock = start.atZone(zone).toLocalDateTime();
        List<Instant> times = new ArrayList<>();
        for (LocalDate day = wallClock.toLocalDate(); times.size() < count; day = day.plusDays(1)) {
            boolean matches = switch (s.type()) {
                case DAILY -> true;
                case WEEKLY -> day.getDayOfWeek() == s.dayOfWeek();
                case MONTHLY -> day.getDayOfMonth() == s.dayOfMonth();
                case CRON -> throw new IllegalArgumentException();
            };
            LocalDateTime local = day.atTime(s.time());
            if (matches && local.isAfter(wallClock) && !zone.getRules().getValidOffsets(local).isEmpty()) {
                times.add(ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toInstant());
            }
        }
        return times;
    }

    @Provide
    Arbitrary<Schedule> schedules() {
        // half of them in the small hours, when most zones change their clocks
        Arbitrary<Integer> hours = Arbitraries.oneOf(Arbitraries.integers().between(0, 23),
                Arbitraries.integers().between(0, 3));
        Arbitrary<LocalTime> times = Combinators.combine(hours, Arbitraries.integers().between(0, 59)).as(LocalTime::of);
        Arbitrary<ZoneId> zones = Arbitraries.of(ZONES).map(ZoneId::of);
        Arbitrary<Schedule> daily = Combinators.combine(times, zones).as((t, z) -> Schedule.daily("c", t, z));
        Arbitrary<Schedule> weekly = Combinators.combine(Arbitraries.of(DayOfWeek.class), times, zones)
                .as((d, t, z) -> Schedule.weekly("c", d, t, z));
        Arbitrary<Schedule> monthly = Combinators.combine(Arbitraries.integers().between(1, 31), times, zones)
                .as((d, t, z) -> Schedule.monthly("c", d, t, z));
        return Arbitraries.oneOf(daily, weekly, monthly);
    }
}
