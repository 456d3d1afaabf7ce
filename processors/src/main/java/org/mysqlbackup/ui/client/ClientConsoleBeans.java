package org.mysqlbackup.ui.client;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.mysqlbackup.client.ClientBeans;
import org.mysqlbackup.client.MySqlTargets;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.configuration.ConfigurationCatalog;
import org.mysqlbackup.configuration.ConfigurationStore;
import org.mysqlbackup.configuration.ConfigurationValidator;
import org.mysqlbackup.configuration.InstanceConflicts;
import org.mysqlbackup.configuration.SecretCodec;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.report.LocalHistory;
import org.mysqlbackup.schedule.ScheduleBeans;
import org.mysqlbackup.schedule.ScheduleStore;
import org.mysqlbackup.schedule.ScheduledRunGuard;
import org.mysqlbackup.ui.ConsoleBeans;

/**
 * The client console's beans, loaded by name only when {@code ui.enabled} is set (after the
 * client's own beans, whose database, backup log and schedule run guard it reuses from the
 * registry): thin adapters over the services the CLI uses, for the routes of
 * routes-client/console/client-api.camel.yaml.
 */
public class ClientConsoleBeans implements CamelConfiguration {
    /** Backups that ended, shown on the live board beside the running ones. */
    private static final int BOARD_RECENT = 5;
    /** A progress stream ends after this and the browser reconnects: no tab holds a thread for ever. */
    private static final Duration STREAM_LIFETIME = Duration.ofSeconds(25);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context.getPropertiesComponent());
        DataSource db = ConsoleBeans.required(context, "database", DataSource.class);
        Clock clock = Clock.systemUTC();
        ConsoleBeans.bind(context, settings, db, "client", clock);
        BackupLogStore log = ConsoleBeans.required(context, "backupLogStore", BackupLogStore.class);
        bind(context, settings, db, ClientBeans.secrets(settings), log, new MySqlTargets(new CommandRunner())::build);
    }

    /**
     * Binds the console's API beans.
     *
     * @param targets builds the MySQL target of a configuration's settings (what a backup would run on)
     */
    static void bind(CamelContext context, Settings settings, DataSource db, SecretCodec secrets, BackupLogStore log,
                     Function<Settings, MySqlTarget> targets) {
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        ScheduleStore schedules = new ScheduleStore(db, clock);
        ConfigurationCatalog catalog = new ConfigurationCatalog(new ConfigurationStore(db, clock), schedules,
                new ConfigurationValidator(settings, targets, secrets), secrets, settings);
        String defaultName = settings.string("backup.name", InstanceConflicts.DEFAULT_OWN_NAME);
        registry.bind("consoleConfigurations", new ConfigurationForms(catalog, secrets, settings));
        registry.bind("consoleSchedules", new ScheduleWizard(schedules, clock));
        ScheduledRunGuard guard = ConsoleBeans.required(context, "scheduledRunGuard", ScheduledRunGuard.class);
        registry.bind("consoleBackups", new BackupLauncher(guard, ScheduleBeans.pauses(settings), log, catalog::find,
                defaultName));
        registry.bind("consoleProgress", new ProgressBoard(log, BOARD_RECENT,
                Duration.ofMillis(settings.integer("ui.live-refresh-ms", 1000, 200, 2000)), STREAM_LIFETIME));
        registry.bind("consoleHistory", new HistoryBrowser(new LocalHistory(db, defaultName)));
    }
}
