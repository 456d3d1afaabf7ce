package org.mysqlbackup.client;

import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.mysql.DataDirectoryUsage;
import org.mysqlbackup.mysql.MySqlUnavailableException;

/**
 * Whether MySQL runs when a backup ends, measured then rather than inferred from the step that
 * failed: the subject, the severity and {@code mysqlRunning} of a failed backup all follow from
 * this one answer. It runs if it answers as the configured instance; a MySQL this backup never
 * stopped also counts as running while a server holds its data directory (it does not answer the
 * backup's account, or the configuration points at another instance's port: the backup failed,
 * the server is as it was).
 */
final class MySqlEndState {
    private MySqlEndState() {
    }

    /** @return null when the run has no MySQL instance (a file shipped by {@code send}, an unknown configuration) */
    static Boolean measure(BackupRun run) {
        if (run.optionalTarget().isEmpty()) {
            return null;
        }
        MySqlTarget target = run.target();
        try {
            target.availability().verify();
            return true;
        } catch (MySqlUnavailableException notAsItself) {
            if (run.downtime().stopped()) {
                return false;
            }
            return new DataDirectoryUsage(target.mysql().dataDirectory(), target.mysql().pidFile(),
                    target.stopSequence().policy().killProcessNames()).holder().isPresent();
        }
    }
}
