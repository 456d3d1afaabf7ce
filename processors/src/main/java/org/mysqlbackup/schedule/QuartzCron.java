package org.mysqlbackup.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** A schedule as the Quartz cron expression its route fires on, and the next times it fires. */
public final class QuartzCron {
    private QuartzCron() {
    }

    /** The cron expression (read in the schedule's time zone): seconds minutes hours day-of-month month day-of-week. */
    public static String of(Schedule s) {
        return switch (s.type()) {
            case DAILY -> "0 " + s.time().getMinute() + " " + s.time().getHour() + " * * ?";
            case WEEKLY -> "0 " + s.time().getMinute() + " " + s.time().getHour() + " ? * "
                    + s.dayOfWeek().name().substring(0, 3);
            case MONTHLY -> "0 " + s.time().getMinute() + " " + s.time().getHour() + " " + s.dayOfMonth() + " * ?";
            case CRON -> s.cron();
        };
    }

    /** The first firing strictly after {@code after}, or empty if the schedule never fires again. */
    public static Optional<ZonedDateTime> nextFireAfter(Schedule s, Instant after) {
        Date next = expression(s).getNextValidTimeAfter(Date.from(after));
        return Optional.ofNullable(next).map(d -> d.toInstant().atZone(s.timeZone()));
    }

    static CronExpression expression(Schedule s) {
        try {
            CronExpression expression = new CronExpression(of(s));
            expression.setTimeZone(TimeZone.getTimeZone(s.timeZone()));
            return expression;
        } catch (ParseException e) {
            throw new IllegalArgumentException("schedule " + s.describe() + " is not a valid cron: " + e.getMessage(), e);
        }
    }
}
