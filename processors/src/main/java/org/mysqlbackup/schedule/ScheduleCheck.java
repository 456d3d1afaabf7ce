package org.mysqlbackup.schedule;

import java.util.Map;

/** The outcome of {@link ScheduleValidator#check}: a schedule, or one message per bad field (in input order). */
public record ScheduleCheck(Schedule schedule, Map<String, String> problems) {
    public boolean valid() {
        return problems.isEmpty();
    }

    public Schedule orThrow() {
        if (!valid()) {
            throw new InvalidScheduleException(problems);
        }
        return schedule;
    }
}
