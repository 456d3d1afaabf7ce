package org.mysqlbackup.schedule;

import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Checks a {@link ScheduleInput} field by field and says what is wrong with each bad one, so an
 * operator fixes everything in one go: time (HH:mm), day (of the week or month, by type), cron
 * expression (Quartz's own parser), time zone (a region id the JVM and Quartz both know), misfire
 * policy and the backup configuration it belongs to.
 */
public class ScheduleValidator {
    public static final String CONFIGURATION = "configuration";
    public static final String TYPE = "type";
    public static final String TIME = "time";
    public static final String DAY = "day";
    public static final String CRON = "cron";
    public static final String TIME_ZONE = "time-zone";
    public static final String MISFIRE = "misfire";

    private static final Pattern HH_MM = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");

    private final Predicate<String> configurationExists;

    /** @param configurationExists whether a backup configuration of that name exists */
    public ScheduleValidator(Predicate<String> configurationExists) {
        this.configurationExists = configurationExists;
    }

    public ScheduleCheck check(ScheduleInput in) {
        Map<String, String> problems = new LinkedHashMap<>();
        String config = blankToNull(in.configName());
        if (config == null) {
            problems.put(CONFIGURATION, "missing");
        } else if (!configurationExists.test(config)) {
            problems.put(CONFIGURATION, "no backup configuration is named '" + config + "'");
        }
        Optional<ScheduleType> type = ScheduleType.parse(in.type());
        if (type.isEmpty()) {
            problems.put(TYPE, in.type() == null ? "missing" : "'" + in.type() + "' is not one of daily, weekly, monthly, cron");
        }
        ScheduleType t = type.orElse(null);
        LocalTime time = t == null ? null : time(t, blankToNull(in.time()), problems);
        DayOfWeek dayOfWeek = null;
        Integer dayOfMonth = null;
        String day = blankToNull(in.day());
        if (t == ScheduleType.WEEKLY) {
            dayOfWeek = dayOfWeek(day, problems);
        } else if (t == ScheduleType.MONTHLY) {
            dayOfMonth = dayOfMonth(day, problems);
        } else if (t != null && day != null) {
            problems.put(DAY, "a " + t.name().toLowerCase(Locale.ROOT) + " schedule takes no day");
        }
        String cron = t == null ? null : cron(t, blankToNull(in.cron()), problems);
        ZoneId zone = zone(blankToNull(in.timeZone()), problems);
        MisfirePolicy misfire = null;
        String misfireText = blankToNull(in.misfire());
        if (misfireText != null) {
            misfire = MisfirePolicy.parse(misfireText).orElse(null);
            if (misfire == null) {
                problems.put(MISFIRE, "'" + misfireText + "' is not one of " + MisfirePolicy.choices());
            }
        }
        if (!problems.isEmpty()) {
            return new ScheduleCheck(null, Collections.unmodifiableMap(problems));
        }
        return new ScheduleCheck(new Schedule(null, config, t, time, dayOfWeek, dayOfMonth, cron, zone, in.enabled(),
                misfire), Map.of());
    }

    private static LocalTime time(ScheduleType type, String text, Map<String, String> problems) {
        if (type == ScheduleType.CRON) {
            if (text != null) {
                problems.put(TIME, "a cron schedule takes no time: put it in the expression");
            }
            return null;
        }
        if (text == null) {
            problems.put(TIME, "missing: give the time as HH:mm, e.g. 02:30");
            return null;
        }
        Matcher m = HH_MM.matcher(text.strip());
        if (!m.matches()) {
            problems.put(TIME, "'" + text + "' is not a time HH:mm from 00:00 to 23:59");
            return null;
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private static DayOfWeek dayOfWeek(String text, Map<String, String> problems) {
        if (text == null) {
            problems.put(DAY, "missing: a weekly schedule needs a day of the week (MON to SUN)");
            return null;
        }
        String wanted = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(wanted) || (wanted.length() == 3 && d.name().startsWith(wanted))) {
                return d;
            }
        }
        problems.put(DAY, "'" + text + "' is not a day of the week (MON to SUN)");
        return null;
    }

    private static Integer dayOfMonth(String text, Map<String, String> problems) {
        if (text == null) {
            problems.put(DAY, "missing: a monthly schedule needs a day of the month (1 to 31)");
            return null;
        }
        try {
            int day = Integer.parseInt(text.strip());
            if (day >= 1 && day <= 31) {
                return day;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problems.put(DAY, "'" + text + "' is not a day of the month (1 to 31)");
        return null;
    }

    private static String cron(ScheduleType type, String text, Map<String, String> problems) {
        if (type != ScheduleType.CRON) {
            if (text != null) {
                problems.put(CRON, "only a cron schedule takes an expression");
            }
            return null;
        }
        if (text == null) {
            problems.put(CRON, "missing: a Quartz cron expression, e.g. '0 30 2 * * ?'");
            return null;
        }
        String cron = text.strip().replaceAll("\\s+", " ");
        try {
            CronExpression.validateExpression(cron);
            return cron;
        } catch (ParseException e) {
            problems.put(CRON, "'" + text + "' is not a Quartz cron expression (seconds minutes hours day-of-month"
                    + " month day-of-week [year]): " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // Quartz's parser throws unchecked exceptions on some inputs
            problems.put(CRON, "'" + text + "' is not a Quartz cron expression: " + e);
            return null;
        }
    }

    /**
     * Region ids only: java.time accepts offsets such as {@code +02:00} that Quartz's
     * {@code TimeZone.getTimeZone} silently turns into GMT.
     */
    private static ZoneId zone(String text, Map<String, String> problems) {
        if (text == null) {
            problems.put(TIME_ZONE, "missing: give a region id such as Europe/Oslo or UTC");
            return null;
        }
        String id = text.strip();
        if (!ZoneId.getAvailableZoneIds().contains(id) || !java.util.TimeZone.getTimeZone(id).getID().equals(id)) {
            problems.put(TIME_ZONE, "'" + text + "' is not a known time zone: give a region id such as Europe/Oslo or UTC");
            return null;
        }
        return ZoneId.of(id);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
