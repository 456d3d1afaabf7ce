package org.mysqlbackup.client.run;

import java.util.Optional;

/**
 * A request to stop one backup at its next checkpoint: who asked and why, and which step was
 * running then. Written by the cancellation watch or a shutdown, read by the backup's own thread.
 */
public final class Cancellation {
    /** Who asked. */
    public enum Source {
        /** {@code backup-client cancel} or the UI: the operator knows, no alert. */
        OPERATOR,
        /** {@code backup.deadline-ms}: alerted. */
        DEADLINE,
        /** The client process is asked to end (SIGTERM, Ctrl-C): a complete file is kept to resume. */
        SHUTDOWN
    }

    private String reason;
    private BackupStep during;
    private Source source;

    /** The first request wins; later ones change nothing. */
    public synchronized void request(String why, BackupStep step, Source from) {
        if (reason == null) {
            reason = why;
            during = step;
            source = from;
        }
    }

    /** An operator asked for it, and knows: no alert. */
    public synchronized boolean byOperator() {
        return reason != null && source == Source.OPERATOR;
    }

    public synchronized Optional<Source> source() {
        return Optional.ofNullable(source);
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
