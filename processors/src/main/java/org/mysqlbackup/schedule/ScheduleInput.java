package org.mysqlbackup.schedule;

/**
 * A schedule as an operator typed it (CLI options, later a UI form): raw text, checked by
 * {@link ScheduleValidator}. {@code day} is a day of the week for weekly schedules and a day of the
 * month for monthly ones; {@code misfire} may be null (use {@code schedule.misfire}).
 */
public record ScheduleInput(String configName, String type, String time, String day, String cron, String timeZone,
                            String misfire, boolean enabled) {
}
