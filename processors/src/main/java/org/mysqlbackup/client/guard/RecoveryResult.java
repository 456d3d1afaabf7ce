package org.mysqlbackup.client.guard;

import java.time.Instant;
import java.util.Optional;

/**
 * What a guard found and did about one restart intent.
 *
 * @param kind        the outcome
 * @param message     one sentence for the operator
 * @param mysqlBackAt when MySQL answered again, if it does
 */
public record RecoveryResult(Kind kind, String message, Instant mysqlBackAt) {

    public enum Kind {
        /** The backup that stopped MySQL still runs in its process: its business, not the guard's. */
        OWNER_RUNNING,
        /** Another guard (or a backup) holds the instance's lock; it is being dealt with. */
        BUSY,
        /** MySQL answered as the instance: nothing to start. */
        ALREADY_RUNNING,
        /** The guard started MySQL and it answers. */
        STARTED,
        /** MySQL ran since the backup stopped it (someone else started and stopped it): left as it is. */
        LEFT_ALONE,
        /** MySQL could not be started; the intent stays for the next guard. */
        NOT_STARTED
    }

    /** MySQL is not running and a person must act. */
    public boolean mysqlDown() {
        return kind == Kind.NOT_STARTED;
    }

    /** The intent has been dealt with: MySQL runs, or it is not the guard's to start any more. */
    public boolean settled() {
        return kind == Kind.ALREADY_RUNNING || kind == Kind.STARTED || kind == Kind.LEFT_ALONE;
    }

    public Optional<Instant> backAt() {
        return Optional.ofNullable(mysqlBackAt);
    }
}
