package org.mysqlbackup.ui.client;

import java.time.Clock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.configuration.ConfigurationCatalog;
import org.mysqlbackup.configuration.ConfigurationStore;
import org.mysqlbackup.configuration.ConfigurationValidator;
import org.mysqlbackup.configuration.InstanceConflicts;
import org.mysqlbackup.configuration.SecretCodec;
import org.mysqlbackup.report.LocalHistory;
import org.mysqlbackup.schedule.ScheduleBeans;
import org.mysqlbackup.schedule.ScheduleStore;
import org.mysqlbackup.schedule.ScheduledRunGuard;

/**
 * Binds the beans of the client console's routes (routes-client/console/client-api.camel.yaml):
 * thin adapters over the services the CLI uses. Called by the client's bean wiring when
 * {@code ui.enabled} is true, after the schedule beans (it shares their run guard).
 */
public final class ClientConsoleBeans {
    /** Backups that ended, shown on the live board beside the running ones. */
    private static final int BOARD_RECENT = 5;

    private ClientConsoleBeans() {
    }

    /** @param targets builds the MySQL target of a configuration's settings (what a backup would run on) */
    public static void bind(CamelContext context, Settings settings, DataSource db, SecretCodec secrets,
                            BackupLogStore log, Function<Settings, MySqlTarget> targets) {
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        ScheduleStore schedules = new ScheduleStore(db, clock);
        ConfigurationCatalog catalog = new ConfigurationCatalog(new ConfigurationStore(db, clock), schedules,
                new ConfigurationValidator(settings, targets, secrets), secrets,
                settings);
        String defaultName = settings.string("backup.name", InstanceConflicts.DEFAULT_OWN_NAME);
        registry.bind("consoleConfigurations", new ConfigurationForms(catalog, secrets, settings));
        registry.bind("consoleSchedules", new ScheduleWizard(schedules, clock));
        ScheduledRunGuard guard = registry.lookupByNameAndType("scheduledRunGuard", ScheduledRunGuard.class);
        if (guard == null) {
            throw new IllegalStateException("the console's backup now needs the schedule beans bound first");
        }
        registry.bind("consoleBackups", new BackupLauncher(guard, ScheduleBeans.pauses(settings), log, catalog::find,
                defaultName));
        registry.bind("consoleProgress", new ProgressBoard(log, BOARD_RECENT));
        registry.bind("consoleHistory", new HistoryBrowser(new LocalHistory(db, defaultName)));
    }
}
