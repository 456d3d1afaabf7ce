package org.mysqlbackup.schedule;

import java.util.Map;
import java.util.stream.Collectors;

/** A schedule that cannot be used, with one message per bad field; a usage error for the CLI. */
public class InvalidScheduleException extends IllegalArgumentException {
    private final transient Map<String, String> problems;

    public InvalidScheduleException(Map<String, String> problems) {
        super("invalid schedule: " + problems.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ")));
        this.problems = Map.copyOf(problems);
    }

    /** Field name ({@code time}, {@code day}, {@code cron}, {@code time-zone}, ...) to what is wrong with it. */
    public Map<String, String> problems() {
        return problems;
    }
}
