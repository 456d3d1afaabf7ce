package org.mysqlbackup.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The longest gap between two firings of a configuration's enabled schedules, taken together:
 * daily -> 24 h (25 h over a daylight-saving change; 47 h for a time in the hour skipped when
 * clocks spring forward, since Quartz skips that run), weekly -> 7 days, monthly -> 31 days,
 * Monday to Friday at 02:00 -> 72 h, daily plus a weekly one in between -> still 24 h at most.
 * The server's overdue check expects a Completed backup at least that often.
 *
 * <p>The firings are enumerated from a start time over {@link #HORIZON} (a year and a month, so
 * every month length and a yearly schedule are seen), at most {@link #MAX_FIRINGS} per schedule:
 * a schedule that fires more often than that ends the window early, where its gaps are short anyway.
 */
public final class ScheduleInterval {
    public static final Duration HORIZON = Duration.ofDays(400);
    public static final int MAX_FIRINGS = 2000;

    private ScheduleInterval() {
    }

    /** The longest gap from {@code from} on; empty when the enabled schedules fire fewer than twice. */
    public static Optional<Duration> longestGap(List<Schedule> schedules, Instant from) {
        Instant end = from.plus(HORIZON);
        List<List<Instant>> perSchedule = new ArrayList<>();
        for (Schedule s : schedules) {
            if (!s.enabled()) {
                continue;
            }
            List<Instant> firings = new ArrayList<>();
            Instant after = from;
            while (firings.size() < MAX_FIRINGS) {
                Optional<ZonedDateTime> next = QuartzCron.nextFireAfter(s, after);
                if (next.isEmpty() || next.get().toInstant().isAfter(end)) {
                    break;
                }
                after = next.get().toInstant();
                firings.add(after);
            }
            if (firings.size() == MAX_FIRINGS && after.isBefore(end)) {
                end = after; // beyond this one schedule's sample, gaps of the union are not known
            }
            perSchedule.add(firings);
        }
        List<Instant> all = new ArrayList<>();
        for (List<Instant> firings : perSchedule) {
            for (Instant t : firings) {
                if (!t.isAfter(end)) {
                    all.add(t);
                }
            }
        }
        all.sort(null);
        Duration longest = null;
        for (int i = 1; i < all.size(); i++) {
            Duration gap = Duration.between(all.get(i - 1), all.get(i));
            if (longest == null || gap.compareTo(longest) > 0) {
                longest = gap;
            }
        }
        return Optional.ofNullable(longest).filter(gap -> !gap.isZero());
    }
}
