package org.mysqlbackup.logretention;

import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.spi.Registry;
import org.mysqlbackup.config.Settings;

/** Binds the pruner the {@code log-retention} route of each side calls, from the {@code logs.retention.*} keys. */
public final class LogRetention {
    /** The bean name the route files use. */
    public static final String BEAN = "pruneBackupLogs";

    private LogRetention() {
    }

    public static void bindClient(Settings settings, Registry registry, DataSource db, Clock clock) {
        LogRetentionPolicy.checkSchedule(settings);
        registry.bind(BEAN, new ClientLogPruner(db, LogRetentionPolicy.fromSettings(settings), clock));
    }

    public static void bindServer(Settings settings, Registry registry, DataSource db, Path storageRoot, Clock clock) {
        LogRetentionPolicy.checkSchedule(settings);
        registry.bind(BEAN, new ServerLogPruner(db, storageRoot, LogRetentionPolicy.fromSettings(settings), clock));
    }
}
