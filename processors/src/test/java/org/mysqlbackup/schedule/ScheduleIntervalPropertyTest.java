package org.mysqlbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Daily schedules in UTC at any set of times of day: the longest gap is the largest distance
 * between two neighbouring times around the clock, computed here by hand.
 */
class ScheduleIntervalPropertyTest {

    @Property(tries = 200, seed = "20261204")
    void dailyTimesInUtcGiveTheLargestGapAroundTheClock(
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 1439) Integer> minutes,
            @ForAll @LongRange(min = 1577836800L, max = 2051222400L) long startSecond) {
        List<Schedule> schedules = new ArrayList<>();
        for (int m : minutes) {
            schedules.add(Schedule.daily("main", LocalTime.of(m / 60, m % 60), ZoneId.of("UTC")));
        }
        List<Integer> sorted = minutes.stream().distinct().sorted().toList();
        int largest = 1440 - sorted.get(sorted.size() - 1) + sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            largest = Math.max(largest, sorted.get(i) - sorted.get(i - 1));
        }
        assertThat(ScheduleInterval.longestGap(schedules, Instant.ofEpochSecond(startSecond)))
                .contains(Duration.ofMinutes(largest));
    }
}
