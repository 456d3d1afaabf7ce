package org.mysqlbackup.client;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.mysqlbackup.alert.AlertNotifier;
import org.mysqlbackup.alert.AlertSettings;
import org.mysqlbackup.client.guard.DeadRuns;
import org.mysqlbackup.client.guard.WatchdogLauncher;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.ListenPorts;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.configuration.ConfigurationCatalog;
import org.mysqlbackup.configuration.ConfigurationStore;
import org.mysqlbackup.configuration.ConfigurationValidator;
import org.mysqlbackup.configuration.SecretCodec;
import org.mysqlbackup.fetch.BackupFetcher;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.schedule.ScheduleStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The backup client: a daemon that runs scheduled backups, or a one-shot backup. */
public class ClientApp {
    private static final Logger LOG = LoggerFactory.getLogger(ClientApp.class);
    /** Entry point of the backup workflow in {@code routes-client/backup.camel.yaml}. */
    public static final String BACKUP_ENDPOINT = "direct:backup";
    public static final String RESUME_ENDPOINT = "direct:resume";
    public static final String SEND_ENDPOINT = "direct:send-file";

    private final Path configFile;
    private final Map<String, String> overrides;
    private final RunObserver observer;

    public ClientApp(Path configFile, Map<String, String> overrides) {
        this(configFile, overrides, RunObserver.NONE);
    }

    /** @param observer watches the backups of backup-now, resume and send (a progress bar) */
    public ClientApp(Path configFile, Map<String, String> overrides, RunObserver observer) {
        this.configFile = configFile;
        this.overrides = Map.copyOf(overrides);
        this.observer = observer;
    }

    /** Runs until the JVM is asked to stop (SIGTERM, Ctrl-C). */
    public int runDaemon() throws Exception {
        // the daemon's only listener: the management port, when on
        new ListenPorts(settings()).requireFree(List.of(new ListenPorts.Listener("the management",
                "camel.management.host", "camel.management.port", "camel.management.enabled")));
        Main main = main(overrides);
        // the stop waits for cancelled backups (backup.shutdown-wait-ms), then for the context
        main.addMainListener(new DaemonReadyLog(configFile, Clock.systemUTC(),
                settings().duration("backup.shutdown-wait-ms", java.time.Duration.ofMinutes(4)).plusMinutes(1)));
        main.run();
        return main.getExitCode();
    }

    /** Starts the client without its schedule, runs one backup, stops, and returns the outcome. */
    public BackupSummary backupNow() throws Exception {
        return oneShot(ClientApp::backup);
    }

    /** Like {@link #backupNow()}, of the stored configuration {@code configName}. */
    public BackupSummary backupNow(String configName) throws Exception {
        return oneShot(context -> backup(context, configName));
    }

    /** The stored backup configurations, managed without starting anything. */
    public ConfigurationCatalog configurations() {
        Settings settings = settings();
        SecretCodec secrets = ClientBeans.secrets(settings);
        MySqlTargets targets = new MySqlTargets(new CommandRunner());
        javax.sql.DataSource db = ClientBeans.database(settings);
        return new ConfigurationCatalog(new ConfigurationStore(db, Clock.systemUTC()),
                new ScheduleStore(db, Clock.systemUTC()), new ConfigurationValidator(settings, targets::build, secrets),
                secrets, settings);
    }

    private <T> T oneShot(Function<CamelContext, T> job) throws Exception {
        Map<String, String> properties = new HashMap<>(overrides);
        properties.put("schedule.enabled", "false");
        // the management port and its metrics belong to the daemon: a command beside it must not take the port
        properties.put("camel.management.enabled", "false");
        properties.put("camel.metrics.enabled", "false");
        // and so does the console
        properties.put("ui.enabled", "false");
        // no daily timer in a command that ends: it checks the certificates itself, after its work
        boolean checkCertificates = settings().bool("tls.expiry-check-enabled", true);
        properties.put("tls.expiry-check-enabled", "false");
        Main main = main(properties);
        main.start();
        try (AutoCloseable watching = observer.watch(
                main.getCamelContext().getRegistry().lookupByNameAndType("activeRuns", ActiveRuns.class))) {
            return job.apply(main.getCamelContext());
        } finally {
            if (checkCertificates) {
                checkCertificates(main.getCamelContext());
            }
            main.stop();
        }
    }

    /** The warning of an expiring certificate must not fail the command that ran. */
    private static void checkCertificates(CamelContext context) {
        try {
            context.getRegistry().lookupByNameAndType("checkCertificateExpiry", CertificateExpiryCheck.class).check();
        } catch (RuntimeException e) {
            LOG.warn("Could not check the certificates' expiry: {}", e.toString());
        }
    }

    /**
     * Starts the client without its schedule, runs {@code job} with its {@link BackupFetcher}
     * (fetch, list, restore), stops.
     */
    public <T> T withFetcher(Function<BackupFetcher, T> job) throws Exception {
        return oneShot(context -> job.apply(fetcher(context)));
    }

    /** The fetcher of a started client context. */
    public static BackupFetcher fetcher(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("backupFetcher", BackupFetcher.class);
    }

    /** Starts the client without its schedule, ships every backup still waiting, stops. */
    public List<BackupSummary> resumeNow() throws Exception {
        return oneShot(ClientApp::resume);
    }

    /** Starts the client without its schedule, ships {@code file} (never deleting it), stops. */
    public BackupSummary sendNow(Path file, String configName) throws Exception {
        return oneShot(context -> send(context, file, configName));
    }

    /** Ships every backup still waiting, in a started client context. */
    public static List<BackupSummary> resume(CamelContext context) {
        List<BackupSummary> summaries = new ArrayList<>();
        for (BackupLogRow row : context.getRegistry().lookupByNameAndType("pendingTransfers", PendingTransfers.class)
                .rows()) {
            summaries.add(outcome(context.createProducerTemplate().send(RESUME_ENDPOINT,
                    exchange -> exchange.getMessage().setBody(row))));
        }
        return summaries;
    }

    /** Ships {@code file} in a started client context. */
    public static BackupSummary send(CamelContext context, Path file, String configName) {
        return outcome(context.createProducerTemplate().send(SEND_ENDPOINT, exchange -> {
            exchange.getMessage().setHeader(FileSendPreparer.FILE, file.toString());
            if (configName != null) {
                exchange.getMessage().setHeader(BackupRun.CONFIG_NAME_HEADER, configName);
            }
        }));
    }

    /**
     * {@code backup-client recover}: starts MySQL that a backup of a process that has ended left
     * stopped, and closes the backups such processes were running, without starting the client.
     */
    public List<DeadRuns.Finding> recover() throws Exception {
        return withGuard(deadRuns -> deadRuns.recover(DeadRuns.Scope.ALL_UNOWNED));
    }

    /** What the watchdog of backup {@code backupId} does once that backup's process has ended. */
    public List<DeadRuns.Finding> recoverBackup(long backupId) throws Exception {
        return withGuard(deadRuns -> deadRuns.recoverBackup(backupId));
    }

    private <T> T withGuard(Function<DeadRuns, T> job) throws Exception {
        Settings settings = settings();
        javax.sql.DataSource db = database();
        // alerts go through camel-mail and camel-http: a bare context, no route
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Clock clock = Clock.systemUTC();
            BackupLogStore store = new BackupLogStore(db, clock);
            AlertNotifier alerts = AlertSettings.notifier(settings, camel.createProducerTemplate());
            return job.apply(ClientBeans.deadRuns(settings, store, ClientBeans.targets(settings, db, clock), alerts,
                    clock));
        } finally {
            if (db instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The recent and unfinished backups, read from the client database without starting anything. */
    public BackupLogStore logStore() {
        return new BackupLogStore(database(), java.time.Clock.systemUTC());
    }

    /** The client's properties, resolved as the daemon would, for commands that start nothing. */
    public Settings settings() {
        return CamelApp.settings(configFile, overrides);
    }

    /**
     * The MySQL instance of configuration {@code configName} (stored, or client.properties' own), as
     * a backup of it would stop, prove down, start and verify it; for commands that start nothing.
     */
    public org.mysqlbackup.client.run.MySqlTarget mysqlTarget(String configName) {
        return ClientBeans.targets(settings(), database(), Clock.systemUTC()).anyTarget(configName);
    }

    /** The client database, migrated, for commands that start nothing. */
    public javax.sql.DataSource database() {
        return ClientBeans.database(settings());
    }

    /** Runs one backup in a started client context. */
    public static BackupSummary backup(CamelContext context) {
        return outcome(context.createProducerTemplate().send(BACKUP_ENDPOINT, exchange -> { }));
    }

    /** Runs one backup of configuration {@code configName} in a started client context. */
    public static BackupSummary backup(CamelContext context, String configName) {
        return outcome(context.createProducerTemplate().send(BACKUP_ENDPOINT,
                exchange -> exchange.getMessage().setHeader(BackupRun.CONFIG_NAME_HEADER, configName)));
    }

    private static BackupSummary outcome(Exchange result) {
        BackupSummary summary = result.getMessage().getBody(BackupSummary.class);
        if (summary == null) {
            Exception failure = result.getException();
            throw new IllegalStateException("backup produced no outcome"
                    + (failure == null ? "" : ": " + failure.getMessage()), failure);
        }
        return summary;
    }

    public Main main(Map<String, String> properties) {
        return CamelApp.create("mysql-backup-client", configFile, "routes-client",
                new ClientBeans(new WatchdogLauncher(configFile, properties)),
                "org.mysqlbackup.ui.client.ClientConsoleBeans", properties);
    }
}
