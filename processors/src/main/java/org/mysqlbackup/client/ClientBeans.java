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
import org.mysqlbackup.config.AppHome;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.config.TlsSettings;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.mysql.MySqlAvailability;
import org.mysqlbackup.mysql.MySqlDownProof;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.mysql.ServiceControl;
import org.mysqlbackup.mysql.ServiceControls;
import org.mysqlbackup.mysql.ServiceStopSequence;
import org.mysqlbackup.mysql.StopEscalationPolicy;
import org.mysqlbackup.protocol.FrameDecoderFactory;
import org.mysqlbackup.protocol.FrameEncoder;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.snapshot.DataDirectoryCopier;
import org.mysqlbackup.snapshot.DataDirectoryZipper;
import org.mysqlbackup.snapshot.SnapshotStrategies;
import org.mysqlbackup.snapshot.SnapshotStrategy;
import org.mysqlbackup.snapshot.TableChecksums;
import org.mysqlbackup.tls.TlsClientInitializer;
import org.mysqlbackup.server.TransferLimits;

/**
 * Wires the client's beans from its properties and binds them under the names the route files
 * in {@code routes-client/} use. Every setting is read and checked here, at start-up.
 */
public class ClientBeans implements CamelConfiguration {
    /** Replies are small (the largest is the chunk bitmap of a resumed transfer). */
    private static final int MAX_REPLY_FRAME = 16 << 20;

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

    /** The snapshot strategy of {@code snapshot.strategy}, with its zipper and copier. */
    static SnapshotStrategy snapshotStrategy(Settings settings) {
        DataDirectoryZipper zipper = new DataDirectoryZipper(settings.integer("snapshot.compression-level", 1, 0, 9),
                settings.integer("snapshot.compression-threads", Math.min(4, Runtime.getRuntime().availableProcessors()),
                        1, 64));
        String method = settings.string("snapshot.copy-method", "java");
        DataDirectoryCopier.Method copyMethod;
        try {
            copyMethod = DataDirectoryCopier.Method.valueOf(method.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("snapshot.copy-method", "is '" + method + "', not one of java, cp, auto");
        }
        DataDirectoryCopier copier = new DataDirectoryCopier(copyMethod, settings.integer("snapshot.copy-threads",
                SnapshotStrategies.DEFAULT_COPY_THREADS, 1, 64));
        String name = settings.string("snapshot.strategy", "copy");
        try {
            return SnapshotStrategies.named(name, zipper, copier,
                    settings.duration("snapshot.reflink-timeout-ms", SnapshotStrategies.DEFAULT_REFLINK_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("snapshot.strategy", "is '" + name + "', not one of "
                    + String.join(", ", SnapshotStrategies.NAMES));
        }
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();

        DataSource db = database(settings);
        BackupLogStore store = new BackupLogStore(db, clock);
        registry.bind("backupLogStore", store);
        StepTracker steps = new StepTracker(store);
        ActiveRuns active = new ActiveRuns();

        MySqlInstance mysql = new MySqlInstance(
                settings.string("mysql.host", "127.0.0.1"),
                settings.integer("mysql.port", 3306, 1, 65535),
                settings.string("mysql.user"),
                settings.string("mysql.password", ""),
                settings.path("mysql.datadir"),
                settings.optionalPath("mysql.pid-file").orElse(null));
        ServiceControl service = ServiceControls.fromSettings(settings, new CommandRunner());
        MySqlAvailability availability = new MySqlAvailability(mysql,
                settings.duration("mysql.verify.timeout-ms", Duration.ofSeconds(5)));
        MySqlDownProof proof = new MySqlDownProof(mysql, settings.duration("mysql.down.timeout-ms", Duration.ofMinutes(2)));
        Path workDirectory = settings.path("snapshot.work-dir");

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
        registry.bind("frameDecoder", new FrameDecoderFactory(MAX_REPLY_FRAME));

        int chunkSize = (int) settings.bytes("transfer.chunk-size", 4L << 20, TransferLimits.MIN_CHUNK_SIZE,
                TransferLimits.MAX_CHUNK_SIZE);
        registry.bind("startBackup", new BackupStarter(settings.string("backup.name", "default"), chunkSize, store, active,
                clock));
        registry.bind("releaseRun", new RunReleaser(active));
        registry.bind("watchCancellation", new CancellationWatcher(active, store,
                settings.duration("backup.deadline-ms", Duration.ofHours(6)), clock));
        String hostName = AlertSettings.hostName(settings);
        SnapshotStrategy snapshots = snapshotStrategy(settings);
        registry.bind("preflight", new Preflight(steps, mysql, availability, workDirectory, snapshots.name()));
        registry.bind("collectTableChecksums", new TableChecksumCollector(steps,
                TableChecksums.of(mysql, settings.duration("snapshot.table-checksums-timeout-ms", Duration.ofMinutes(30))),
                settings.bool("snapshot.table-checksums", true), mysql, hostName));
        registry.bind("stopMySql", new MySqlStopper(steps,
                new ServiceStopSequence(service, proof, StopEscalationPolicy.fromSettings(settings)), proof, clock));
        registry.bind("proveMySqlDown", new MySqlDownProver(steps, proof));
        registry.bind("takeSnapshot", new SnapshotTaker(steps, snapshots, mysql, workDirectory, hostName));
        registry.bind("coldPhaseDone", (org.apache.camel.Processor) exchange -> BackupRun.of(exchange).coldPhaseDone());
        registry.bind("packageSnapshot", new SnapshotPackager(steps, snapshots, store));
        registry.bind("startMySql", new MySqlStarter(steps, service,
                settings.duration("mysql.start.timeout-ms", Duration.ofMinutes(2))));
        registry.bind("recordStartFailure", MySqlStarter.recordFailure());
        registry.bind("verifyMySql", new MySqlVerifier(steps, availability, clock));
        registry.bind("recordRestartFailure", new RestartFailureRecorder());
        registry.bind("requireMySqlRunning", new RestartGuard());

        int chunksInFlight = settings.integer("transfer.chunks-in-flight", 4, 1, 64);
        requireHeapFor(chunkSize, chunksInFlight);
        ThreadPoolProfile senders = new ThreadPoolProfileBuilder("chunkSenders")
                .poolSize(chunksInFlight).maxPoolSize(chunksInFlight).maxQueueSize(-1).build();
        registry.bind("chunkSenders", context.getExecutorServiceManager().newThreadPool(this, "chunk-sender", senders));
        registry.bind("openTransfer", new TransferOpener(steps, store, codec));
        registry.bind("planChunks", new ChunkPlanner(codec, progress));
        registry.bind("loadChunk", new ChunkLoader(codec));
        registry.bind("acknowledgeChunk", new ChunkAcknowledger(codec, store, progress));
        registry.bind("finalizeTransfer", new TransferFinalizer(steps, codec,
                settings.duration("transfer.finalize-timeout-ms", Duration.ofMinutes(1))));
        registry.bind("completeTransfer", new TransferCompleter(codec, progress));

        registry.bind("completeBackup", new BackupCompleter(store, clock));
        registry.bind("recordFailure", new BackupFailureRecorder(store, clock));
        AlertNotifier alerts = AlertSettings.notifier(settings, context.createProducerTemplate());
        registry.bind("alertNotifier", alerts);
        registry.bind("alertFailure", new FailureAlerter(alerts, hostName));
        registry.bind("removeWorkFiles", new WorkFiles());

        // schedules from the database (routes-client/schedule.camel.yaml)
        org.mysqlbackup.schedule.ScheduleBeans.bind(context, settings, db, active);
    }
}
