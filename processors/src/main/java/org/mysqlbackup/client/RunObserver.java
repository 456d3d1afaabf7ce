package org.mysqlbackup.client;

import org.mysqlbackup.client.run.ActiveRuns;

/**
 * Watches the backups a one-shot command runs (backup-now, resume, send) from the start of the
 * client until its stop: the CLI's progress bar. Closing it ends the watch.
 */
@FunctionalInterface
public interface RunObserver {
    AutoCloseable watch(ActiveRuns runs);

    RunObserver NONE = runs -> () -> { };
}
