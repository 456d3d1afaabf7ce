package org.mysqlbackup.mysql;

import java.time.Duration;

/** Exit code, the last few KiB of combined output, and how long the command took. */
public record CommandResult(int exitCode, String output, Duration elapsed) {
    public boolean succeeded() {
        return exitCode == 0;
    }
}
