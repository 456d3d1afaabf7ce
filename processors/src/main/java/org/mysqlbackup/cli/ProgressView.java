package org.mysqlbackup.cli;

/**
 * Where a command shows the progress of long work: a bar redrawn in place on a terminal
 * ({@link ProgressBar}), one line a second otherwise ({@link ProgressLine}, for cron and
 * journald). {@link #of} is the one place that decides.
 */
interface ProgressView {
    /** {@code done} of {@code total} bytes of {@code step}; a total of 0 or less is unknown. */
    void update(String step, long done, long total);

    /** The work ended (done or not): a bar leaves its line, so what follows starts on a new one. */
    void end();

    /** {@link #update}, then {@link #end} once all of a known total is done (fetch, unpack, hash). */
    default void bytes(String step, long done, long total) {
        update(step, done, total);
        if (total > 0 && done >= total) {
            end();
        }
    }

    /** Shows nothing: the plain log lines of the work say it (a backup's steps and transfer). */
    ProgressView NONE = new ProgressView() {
        @Override
        public void update(String step, long done, long total) {
        }

        @Override
        public void end() {
        }
    };

    /**
     * A bar when the person runs the command at a terminal, else {@code otherwise}.
     *
     * @param terminal whether stdout is a terminal ({@link Terminal#interactive()})
     */
    static ProgressView of(boolean terminal, java.io.PrintWriter err, ProgressView otherwise) {
        return terminal ? new ProgressBar(err, System::nanoTime, ProgressBar.WIDTH) : otherwise;
    }
}
