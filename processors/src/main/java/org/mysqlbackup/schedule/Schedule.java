package org.mysqlbackup.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;

/**
 * One schedule of a backup configuration: when it fires (by {@link #type()}: {@link #time()}
 * every day; on {@link #dayOfWeek()} or {@link #dayOfMonth()} at that time; or {@link #cron()}),
 * read in {@link #timeZone()}. Build one through {@link ScheduleValidator} or the factories here;
 * {@link #id()} is null until stored, {@link #misfire()} null means {@code schedule.misfire}.
 */
public record Schedule(Long id, String configName, ScheduleType type, LocalTime time, DayOfWeek dayOfWeek,
                       Integer dayOfMonth, String cron, ZoneId timeZone, boolean enabled, MisfirePolicy misfire) {

    public Schedule {
        Objects.requireNonNull(configName, "configName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeZone, "timeZone");
        boolean wantsTime = type != ScheduleType.CRON;
        if (wantsTime != (time != null) || (type == ScheduleType.WEEKLY) != (dayOfWeek != null)
                || (type == ScheduleType.MONTHLY) != (dayOfMonth != null) || (type == ScheduleType.CRON) != (cron != null)) {
            throw new IllegalArgumentException("fields do not fit a " + type.stored() + " schedule");
        }
    }

    public static Schedule daily(String configName, LocalTime time, ZoneId zone) {
        return new Schedule(null, configName, ScheduleType.DAILY, time, null, null, null, zone, true, null);
    }

    public static Schedule weekly(String configName, DayOfWeek day, LocalTime time, ZoneId zone) {
        return new Schedule(null, configName, ScheduleType.WEEKLY, time, day, null, null, zone, true, null);
    }

    public static Schedule monthly(String configName, int dayOfMonth, LocalTime time, ZoneId zone) {
        return new Schedule(null, configName, ScheduleType.MONTHLY, time, null, dayOfMonth, null, zone, true, null);
    }

    public static Schedule cron(String configName, String cron, ZoneId zone) {
        return new Schedule(null, configName, ScheduleType.CRON, null, null, null, cron, zone, true, null);
    }

    public Schedule withId(Long newId) {
        return new Schedule(newId, configName, type, time, dayOfWeek, dayOfMonth, cron, timeZone, enabled, misfire);
    }

    public Schedule withConfigName(String name) {
        return new Schedule(id, name, type, time, dayOfWeek, dayOfMonth, cron, timeZone, enabled, misfire);
    }

    public Schedule withEnabled(boolean on) {
        return new Schedule(id, configName, type, time, dayOfWeek, dayOfMonth, cron, timeZone, on, misfire);
    }

    public Schedule withMisfire(MisfirePolicy policy) {
        return new Schedule(id, configName, type, time, dayOfWeek, dayOfMonth, cron, timeZone, enabled, policy);
    }

    /** For people: {@code weekly on Sunday at 02:30 (Europe/Oslo)}. */
    public String describe() {
        String when = switch (type) {
            case DAILY -> "daily at " + time;
            case WEEKLY -> "weekly on " + dayOfWeek.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " at " + time;
            case MONTHLY -> "monthly on day " + dayOfMonth + " at " + time;
            case CRON -> "cron '" + cron + "'";
        };
        return when + " (" + timeZone.getId() + ")";
    }
}
