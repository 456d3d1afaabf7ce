package org.mysqlbackup.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.quartz.CronTrigger;

/**
 * What happens to a firing Quartz could not run on time (the host was suspended, the clock
 * jumped, the scheduler was busy for longer than its misfire threshold of 60 s).
 */
public enum MisfirePolicy {
    /** Drop the missed firing; the next one comes at its normal time. */
    SKIP("skip", CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING),
    /** Run once as soon as possible, however many firings were missed. */
    RUN_ONCE("run-once", CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);

    private final String text;
    private final int quartzInstruction;

    MisfirePolicy(String text, int quartzInstruction) {
        this.text = text;
        this.quartzInstruction = quartzInstruction;
    }

    /** As written in {@code schedule.misfire}, the CLI and the database. */
    public String text() {
        return text;
    }

    /** The value of the quartz endpoint's {@code trigger.misfireInstruction}. */
    public int quartzInstruction() {
        return quartzInstruction;
    }

    public static Optional<MisfirePolicy> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(p -> p.text.equals(wanted)).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(MisfirePolicy::text).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return text;
    }
}
