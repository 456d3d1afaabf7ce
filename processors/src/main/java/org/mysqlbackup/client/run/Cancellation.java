package org.mysqlbackup.client.run;

import java.util.Optional;

/**
 * A request to stop one backup at its next checkpoint: who asked and why, and which step was
 * running then. Written by the cancellation watch or a shutdown, read by the backup's own thread.
 */
public final class Cancellation {
    private String reason;
    private BackupStep during;
    private boolean byOperator;

    /**
     * The first request wins; later ones change nothing.
     *
     * @param operator an operator asked ({@code backup-client cancel}, the UI): not alerted; a deadline
     *                 or a shutdown is
     */
    public synchronized void request(String why, BackupStep step, boolean operator) {
        if (reason == null) {
            reason = why;
            during = step;
            byOperator = operator;
        }
    }

    /** An operator asked for it, and knows: no alert. */
    public synchronized boolean byOperator() {
        return reason != null && byOperator;
    }

    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The step that was running when the backup was asked to cancel. */
    public synchronized Optional<BackupStep> during() {
        return Optional.ofNullable(during);
    }

    /** A checkpoint: throws if the backup was asked to stop. */
    public void check() {
        reason().ifPresent(why -> {
            throw new BackupCancelledException(why);
        });
    }
}
