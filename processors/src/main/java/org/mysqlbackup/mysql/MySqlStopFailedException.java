package org.mysqlbackup.mysql;

import java.util.List;

/**
 * Every stop {@link ServiceStopSequence} may try has failed: MySQL is (probably) still running and a
 * person has to stop it. Extends {@link MySqlStillRunningException}, so no data file may be read.
 */
public class MySqlStopFailedException extends MySqlStillRunningException {
    private final transient List<StopAttempt> attempts;
    private final List<String> signsOfLife;

    public MySqlStopFailedException(String message, List<StopAttempt> attempts, List<String> signsOfLife) {
        super(message);
        this.attempts = List.copyOf(attempts);
        this.signsOfLife = List.copyOf(signsOfLife);
    }

    public List<StopAttempt> attempts() {
        return attempts;
    }

    /** What still showed MySQL running when the sequence gave up. */
    public List<String> signsOfLife() {
        return signsOfLife;
    }
}
