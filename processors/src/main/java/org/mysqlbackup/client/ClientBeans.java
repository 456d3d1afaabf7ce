package org.mysqlbackup.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.mysqlbackup.alert.AlertNotifier;
import org.mysqlbackup.alert.AlertSettings;
import org.mysqlbackup.client.guard.DeadRuns;
import org.mysqlbackup.client.guard.DowntimeJournal;
import org.mysqlbackup.client.guard.GuardPolicy;
import org.mysqlbackup.client.guard.GuardSweep;
import org.mysqlbackup.client.guard.RestartIntents;
import org.mysqlbackup.client.guard.RestartRecovery;
import org.mysqlbackup.client.guard.RestartWatchdogs;
import org.mysqlbackup.client.guard.WatchdogLauncher;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.RunOwner;
import org.mysqlbackup.config.AppHome;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.config.TlsCertificates;
import org.mysqlbackup.config.TlsSettings;
import org.mysqlbackup.tls.CertificateExpiry;
import org.mysqlbackup.configuration.ConfigurationStore;
import org.mysqlbackup.configuration.InstanceConflicts;
import org.mysqlbackup.configuration.SecretCodec;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.events.EventSettings;
import org.mysqlbackup.fetch.BackupFetcher;
import org.mysqlbackup.fetch.FetchReplyReader;
import org.mysqlbackup.fetch.FetchRequestEncoder;
import org.mysqlbackup.fetch.RouteFetchChannel;
import org.mysqlbackup.logretention.LogRetention;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.observe.ClientBackupMetrics;
import org.mysqlbackup.observe.DatabaseReadiness;
import org.mysqlbackup.observe.FolderReadiness;
import org.mysqlbackup.protocol.FrameDecoderFactory;
import org.mysqlbackup.protocol.FrameEncoder;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.schedule.ScheduleBeans;
import org.mysqlbackup.schedule.ScheduleInterval;
import org.mysqlbackup.schedule.ScheduleStore;
import org.mysqlbackup.tls.TlsClientInitializer;
import org.mysqlbackup.transfer.TransferLimits;

/**
 * Wires the client's beans from its properties and binds them under the names the route files
 * in {@code routes-client/} use. Every setting is read and checked here, at start-up.
 */
public class ClientBeans implements CamelConfiguration {
    /** Replies are small (the largest is the chunk bitmap of a resumed transfer). */
    private static final int MAX_REPLY_FRAME = 16 << 20;

    private final WatchdogLauncher watchdogs;

    /** @param watchdogs starts the restart watchdog of a backup with this client's configuration */
    public ClientBeans(WatchdogLauncher watchdogs) {
        this.watchdogs = watchdogs;
    }

    /** The instances of this client's configurations; client.properties' own one is checked here. */
    static BackupTargets targets(Settings settings, DataSource db, Clock clock) {
        MySqlTargets mysqlTargets = new MySqlTargets(new CommandRunner());
        return new BackupTargets(settings, settings.string("backup.name", InstanceConflicts.DEFAULT_OWN_NAME),
                mysqlTargets.build(settings), new ConfigurationStore(db, clock), secrets(settings), mysqlTargets);
    }

    /** The guard that brings back MySQL whose backup's process died, and closes such backups. */
    static DeadRuns deadRuns(Settings settings, BackupLogStore store, BackupTargets targets, AlertNotifier alerts,
                             Clock clock) {
        GuardPolicy policy = GuardPolicy.fromSettings(settings);
        RestartIntents intents = new RestartIntents(policy.intentDirectory());
        return new DeadRuns(store, intents, new RestartRecovery(targets::anyTarget, intents, policy, clock),
                targets::anyTarget, alerts, AlertSettings.hostName(settings));
    }

    /** The client database, migrated to the current schema. */
    public static DataSource database(Settings settings) {
        DataSource db = SqliteDatabase.open(settings.path("db.file"),
                settings.duration("db.busy-timeout-ms", Duration.ofSeconds(10)));
        new SchemaMigrator(db, settings.optionalPath("db.schema-dir")
                .orElse(AppHome.resolve().resolve("config/schema/client"))).migrate();
        return db;
    }

    /**
     * Each chunk in flight is held about twice (read buffer, TLS copy): refuse at start-up a
     * configuration that would run out of memory in the middle of a transfer.
     */
    static void requireHeapFor(long chunkSize, int chunksInFlight) {
        long needed = 3 * chunkSize * chunksInFlight + (32L << 20);
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap) {
            throw new InvalidSettingException("transfer.chunk-size", "of "
                    + ByteSize.format(chunkSize) + " with " + chunksInFlight
                    + " chunks in flight needs about " + ByteSize.format(needed)
                    + " of heap but the JVM has " + ByteSize.format(heap)
                    + "; lower transfer.chunk-size or transfer.chunks-in-flight, or raise -Xmx in JAVA_OPTS");
        }
    }

    /** Where secrets of stored configurations are encrypted: {@code secrets.key-file}, by default beside the database. */
    public static SecretCodec secrets(Settings settings) {
        return new SecretCodec(settings.optionalPath("secrets.key-file")
                .orElseGet(() -> settings.path("db.file").toAbsolutePath().resolveSibling("secrets.key")));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();

        DataSource db = database(settings);
        // for the web console's beans, which are wired apart (ui.enabled)
        registry.bind("database", db);
        BackupLogStore store = new BackupLogStore(db, clock);
        registry.bind("backupLogStore", store);
        // seed property 17: the history is pruned by age, count and size on the log-retention route
        LogRetention.bindClient(settings, registry, db, clock);
        // backup events (started, each step, the end) to the endpoints of events.uris (routes-client/events.camel.yaml)
        ClientEvents events = new ClientEvents(EventSettings.bind(context, settings, ClientEvents.SIDE),
                AlertSettings.hostName(settings), clock);
        StepTracker steps = new StepTracker(store, events);
        ActiveRuns active = new ActiveRuns();
        // a one-shot command draws the running backup's step and progress from it
        registry.bind("activeRuns", active);

        // client.properties' own instance is checked at start-up even when configurations are stored
        BackupTargets targets = targets(settings, db, clock);
        Path workDirectory = targets.defaultTarget().workDirectory();
        // the management port (camel.management.*, daemon only): readiness and the backup metrics (route client-metrics)
        registry.bind("refreshMetrics", ClientBackupMetrics.create(db));
        registry.bind("databaseReadiness", new DatabaseReadiness(db));
        registry.bind("workFolderReadiness", new FolderReadiness("work-dir", "the work folder (snapshot.work-dir)",
                workDirectory, true));
        GuardPolicy guard = GuardPolicy.fromSettings(settings);
        DowntimeJournal journal = new DowntimeJournal(new RestartIntents(guard.intentDirectory()), RunOwner.current());
        RestartWatchdogs watchdog = new RestartWatchdogs(watchdogs, guard.watchdog());
        registry.bind("startRestartWatchdog", watchdog);
        context.addService(new ShutdownCancellation(active,
                settings.duration("backup.shutdown-wait-ms", Duration.ofMinutes(4))), true, true);

        MessageCodec codec = new MessageCodec();
        ProgressReporter progress = new ProgressReporter(store,
                settings.duration("transfer.progress-interval-ms", Duration.ofSeconds(5)));
        PendingTransfers pending = new PendingTransfers(store, workDirectory,
                settings.duration("transfer.resume-max-age-ms", Duration.ofDays(3)), clock);
        registry.bind("pendingTransfers", pending);
        registry.bind("loadResumable", new ResumeLoader(pending, store, active));
        ServerRoomQuery room = new ServerRoomQuery(codec);
        registry.bind("askServerRoom", room.ask());
        registry.bind("checkServerRoom", room.check());
        registry.bind("prepareSend", new FileSendPreparer(steps));

        TlsSettings tls = TlsSettings.fromSettings(settings);
        registry.bind("clientTls", tls.camelParameters(false));
        registry.bind("tlsClientInitializer", new TlsClientInitializer(tls.nettyClientContext(),
                settings.string("server.host"), settings.integer("server.port", 9443, 1, 65535),
                settings.bool("tls.verify-hostname", true)));
        registry.bind("frameEncoder", new FrameEncoder(codec));
        int chunkSize = (int) settings.bytes("transfer.chunk-size", 4L << 20, TransferLimits.MIN_CHUNK_SIZE,
                TransferLimits.MAX_CHUNK_SIZE);
        // a fetched chunk (CHUNK_DATA) is at most transfer.chunk-size: the server is told so
        registry.bind("frameDecoder", new FrameDecoderFactory(Math.max(MAX_REPLY_FRAME,
                new TransferLimits(0, chunkSize, 0).maxFrameBytes())));
        registry.bind("startBackup", new BackupStarter(targets.defaultName(), chunkSize, store, active, clock, events));
        registry.bind("resolveTarget", new TargetResolver(targets));
        registry.bind("releaseRun", new RunReleaser(active));
        registry.bind("watchCancellation", new CancellationWatcher(active, store,
                settings.duration("backup.deadline-ms", Duration.ofHours(6)), clock));
        String hostName = AlertSettings.hostName(settings);
        registry.bind("preflight", new Preflight(steps));
        registry.bind("collectTableChecksums", new TableChecksumCollector(steps, hostName));
        registry.bind("stopMySql", new MySqlStopper(steps, journal, clock));
        registry.bind("proveMySqlDown", new MySqlDownProver(steps, journal, clock));
        registry.bind("takeSnapshot", new SnapshotTaker(steps, store, hostName));
        registry.bind("coldPhaseDone", (org.apache.camel.Processor) exchange -> {
            BackupRun run = BackupRun.of(exchange);
            run.downtime(run.downtime().coldPhaseCompleted());
        });
        registry.bind("packageSnapshot", new SnapshotPackager(steps, store));
        registry.bind("startMySql", new MySqlStarter(steps, journal, clock));
        registry.bind("recordStartFailure", MySqlStarter.recordFailure());
        registry.bind("verifyMySql", new MySqlVerifier(steps, journal, watchdog, clock));
        registry.bind("recordRestartFailure", new RestartFailureRecorder(journal, clock));
        registry.bind("requireMySqlRunning", new MySqlBackCheck());

        int chunksInFlight = settings.integer("transfer.chunks-in-flight", 4, 1, 64);
        requireHeapFor(chunkSize, chunksInFlight);
        ThreadPoolProfile senders = new ThreadPoolProfileBuilder("chunkSenders")
                .poolSize(chunksInFlight).maxPoolSize(chunksInFlight).maxQueueSize(-1).build();
        registry.bind("chunkSenders", context.getExecutorServiceManager().newThreadPool(this, "chunk-sender", senders));
        ScheduleStore schedules = new ScheduleStore(db, clock);
        registry.bind("openTransfer", new TransferOpener(steps, store, codec,
                config -> ScheduleInterval.longestGap(schedules.list(config), clock.instant())));
        registry.bind("planChunks", new ChunkPlanner(codec, progress));
        registry.bind("loadChunk", new ChunkLoader(codec));
        registry.bind("acknowledgeChunk", new ChunkAcknowledger(codec, store, progress));
        registry.bind("finalizeTransfer", new TransferFinalizer(steps, codec,
                settings.duration("transfer.finalize-timeout-ms", Duration.ofMinutes(1))));
        registry.bind("completeTransfer", new TransferCompleter(codec, progress));
        // fetching stored backups back (routes-client/fetch.camel.yaml), chunks-in-flight at a time
        registry.bind("encodeFetchRequest", new FetchRequestEncoder(codec));
        registry.bind("readFetchReply", new FetchReplyReader(codec, chunkSize));
        registry.bind("backupFetcher", new BackupFetcher(new RouteFetchChannel(context.createProducerTemplate()),
                chunkSize, chunksInFlight,
                context.getExecutorServiceManager().newFixedThreadPool(this, "chunk-fetcher", chunksInFlight),
                settings.string("server.host") + ":" + settings.integer("server.port", 9443, 1, 65535)));

        registry.bind("completeBackup", new BackupCompleter(store, clock, events));
        registry.bind("recordFailure", new BackupFailureRecorder(store, clock, events));
        AlertNotifier alerts = AlertSettings.notifier(settings, context.createProducerTemplate());
        registry.bind("alertNotifier", alerts);
        registry.bind("alertFailure", new FailureAlerter(alerts, hostName));
        registry.bind("checkCertificateExpiry", new CertificateExpiryCheck(
                TlsCertificates.watched("this client's certificate", tls),
                new CertificateExpiry(settings.integer("tls.expiry-warning-days", 30, 1, 3650)), alerts, hostName,
                new DailyWarnings(settings.path("db.file").toAbsolutePath().resolveSibling("certificate-warnings")),
                clock));
        DeadRuns deadRuns = deadRuns(settings, store, targets, alerts, clock);
        registry.bind("recoverOnStart", new GuardSweep(deadRuns, DeadRuns.Scope.ALL_UNOWNED));
        registry.bind("recoverDeadProcesses", new GuardSweep(deadRuns, DeadRuns.Scope.DEAD_OWNERS));
        registry.bind("removeWorkFiles", new WorkFiles());

        // schedules from the database (routes-client/schedule.camel.yaml)
        ScheduleBeans.bind(context, settings, db, active);
    }
}
