package org.mysqlbackup.schedule;

import java.util.Locale;
import java.util.Optional;

/** How a schedule says when: at a time every day, week or month, or a raw Quartz cron expression. */
public enum ScheduleType {
    DAILY("Daily"), WEEKLY("Weekly"), MONTHLY("Monthly"), CRON("Cron");

    private final String stored;

    ScheduleType(String stored) {
        this.stored = stored;
    }

    /** The value of {@code ScheduleConfigurations.ScheduleType} (the seed's spelling). */
    public String stored() {
        return stored;
    }

    /** Accepts the stored spelling and the CLI's ({@code daily}, {@code CRON}, ...). */
    public static Optional<ScheduleType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
