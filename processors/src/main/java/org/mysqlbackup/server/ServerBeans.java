package org.mysqlbackup.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.mysqlbackup.alert.AlertSettings;
import org.mysqlbackup.config.AppHome;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.config.TlsCertificates;
import org.mysqlbackup.config.TlsSettings;
import org.mysqlbackup.db.SchemaMigrator;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.drill.DrillSettings;
import org.mysqlbackup.events.EventSettings;
import org.mysqlbackup.events.ServerEvents;
import org.mysqlbackup.logretention.LogRetention;
import org.mysqlbackup.observe.DatabaseReadiness;
import org.mysqlbackup.observe.FolderReadiness;
import org.mysqlbackup.observe.ListenerReadiness;
import org.mysqlbackup.observe.ServerBackupMetrics;
import org.mysqlbackup.protocol.FrameDecoderFactory;
import org.mysqlbackup.protocol.FrameEncoder;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ReceiveBudget;
import org.mysqlbackup.retention.RetentionEnforcer;
import org.mysqlbackup.server.alerts.ChannelServerAlerts;
import org.mysqlbackup.server.alerts.RepeatedAlerts;
import org.mysqlbackup.server.alerts.ServerAlerts;
import org.mysqlbackup.server.overdue.OverdueSettings;
import org.mysqlbackup.server.overdue.OverdueStore;
import org.mysqlbackup.tls.AuthenticatedChannels;
import org.mysqlbackup.tls.CertificateExpiry;
import org.mysqlbackup.tls.RevocationList;
import org.mysqlbackup.tls.TlsServerInitializer;
import org.mysqlbackup.transfer.TransferLimits;
import org.mysqlbackup.verify.BackupVerification;
import org.mysqlbackup.verify.VerifySettings;

/**
 * Wires the server's beans from its properties and binds them under the names the route files
 * in {@code routes-server/} use.
 */
public class ServerBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        // the server's alerts go through the client's channels and alert.* keys (seed property 21)
        ServerAlerts alerts = new ChannelServerAlerts(
                AlertSettings.notifier(settings, context.createProducerTemplate()),
                settings.optional("alert.host-name").or(() -> settings.optional("storage.server-name"))
                        .orElseGet(org.mysqlbackup.config.HostName::local),
                new RepeatedAlerts(settings.duration("alert.repeat-after-ms", Duration.ofDays(1)), 10_000), clock,
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "server-alerts"));
        registry.bind("serverAlerts", alerts);

        DataSource db = SqliteDatabase.open(settings.path("db.file"),
                settings.duration("db.busy-timeout-ms", Duration.ofSeconds(10)));
        new SchemaMigrator(db, settings.optionalPath("db.schema-dir")
                .orElse(AppHome.resolve().resolve("config/schema/server"))).migrate();
        // for the web console's beans, which are wired apart (ui.enabled)
        registry.bind("database", db);
        ReceiveLogStore log = new ReceiveLogStore(db, clock);
        // transfer, verify and drill events to the endpoints of events.uris (routes-server/events.camel.yaml)
        ServerEvents events = new ServerEvents(EventSettings.bind(context, settings, ServerEvents.SIDE),
                settings.optional("alert.host-name").or(() -> settings.optional("storage.server-name"))
                        .orElseGet(org.mysqlbackup.config.HostName::local), clock);
        registry.bind("receiveLogStore", log);

        TransferLimits limits = new TransferLimits(
                settings.bytes("server.max-file-size", 1L << 40, 0, Long.MAX_VALUE),
                (int) settings.bytes("server.max-chunk-size", 64L << 20, TransferLimits.MIN_CHUNK_SIZE,
                        TransferLimits.MAX_CHUNK_SIZE),
                settings.bytes("storage.reserve", 1L << 30, 0, Long.MAX_VALUE));
        StorageLayout storage = new StorageLayout(settings.path("storage.root"));
        if (settings.bool("storage.check-permissions", true)) {
            new StoragePermissionsCheck(storage.root()).run();
        }
        StorageFailures storageFailures = new StorageFailures(storage, limits.reserveBytes(), alerts, clock,
                settings.duration("storage.alert-interval-ms", Duration.ofMinutes(10)));
        IncomingTransfers transfers = new IncomingTransfers(storage, log, limits.reserveBytes(),
                context.getExecutorServiceManager().newFixedThreadPool(this, "staging-digest",
                        Runtime.getRuntime().availableProcessors()), storageFailures, events);
        registry.bind("incomingTransfers", transfers);
        registry.bind("storageLayout", storage);
        // seed property 17: the history is pruned by age, count and size on the log-retention route
        LogRetention.bindServer(settings, registry, db, storage.root(), clock);
        MessageCodec codec = new MessageCodec();

        TlsSettings tls = TlsSettings.fromSettings(settings);
        registry.bind("serverTls", tls.camelParameters(true));
        // revoked certificates refused at the handshake, repeated refusals alerted,
        // connections of a certificate revoked while connected closed, expiry warned about
        HandshakeRefusals refusals = new HandshakeRefusals(alerts,
                settings.integer("tls.handshake-alert-after", 3, 1, Integer.MAX_VALUE),
                settings.duration("tls.handshake-alert-interval-ms", Duration.ofHours(1)), clock);
        AuthenticatedChannels channels = new AuthenticatedChannels(refusals);
        RevocationList revocations = RevocationList.besideTrustStore(tls.trustStore(), tls.trustedCertificates());
        registry.bind("tlsServerInitializer", new TlsServerInitializer(tls.nettyServerContext(refusals, revocations),
                channels));
        registry.bind("watchRevocations", new RevocationWatch(revocations, channels, transfers));
        registry.bind("checkCertificateExpiry", new CertificateExpiryCheck(
                TlsCertificates.watched("the server certificate", tls),
                new CertificateExpiry(settings.integer("tls.expiry-warning-days", 30, 1, 3650)), alerts, clock));
        registry.bind("frameEncoder", new FrameEncoder(codec));
        ReceiveBudget budget = new ReceiveBudget(Math.max(limits.maxFrameBytes(),
                settings.bytes("server.max-buffered-bytes", 256L << 20, 1 << 20, Long.MAX_VALUE)));
        registry.bind("receiveBudget", budget);
        registry.bind("frameDecoder", new FrameDecoderFactory(limits.maxFrameBytes(), budget));

        registry.bind("identifyClient", new ClientIdentifier());
        registry.bind("classifyFrame", new FrameClassifier());
        OverdueStore overdue = new OverdueStore(db);
        registry.bind("initTransfer", new TransferInitHandler(codec, transfers, storage, limits, overdue, clock));
        registry.bind("checkOverdue", OverdueSettings.watch(settings, overdue, alerts, clock));
        registry.bind("receiveChunk", new ChunkReceiver(codec, transfers, storageFailures));
        String serverName = settings.optional("storage.server-name")
                .orElseGet(org.mysqlbackup.config.HostName::local);
        StoredFileNamer namer;
        StoredDirectoryNamer directories;
        try {
            namer = new StoredFileNamer(settings.string("storage.file-name-pattern", "{client}_{config}_{timestamp}.zip"),
                    serverName);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("storage.file-name-pattern", "is not usable: " + e.getMessage());
        }
        try {
            directories = new StoredDirectoryNamer(settings.string("storage.directory-pattern", "{client}"), serverName);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("storage.directory-pattern", "is not usable: " + e.getMessage());
        }
        registry.bind("finalizeTransfer", new TransferFinalizeHandler(codec, transfers, storage, log, namer,
                directories, alerts, storageFailures, events));
        registry.bind("expireStaging", new StagingExpiry(transfers, log, storage,
                settings.duration("storage.staging-max-age-ms", Duration.ofDays(7)), clock));
        // verify (scrub) re-reads stored files on its schedule (routes-server/verify.camel.yaml); retention
        // relies only on backups it does not know to be damaged, the newest of each configuration re-checked
        VerifySettings verify = VerifySettings.from(settings);
        BackupVerification verification = verify.verification(db, storage.root(), alerts, clock, events);
        registry.bind("verifyStoredBackups", verify.run(verification));
        registry.bind("applyRetention", RetentionEnforcer.create(context.getPropertiesComponent(), db, storage.root(),
                clock, alerts, verify.proof(verification, clock)));
        registry.bind("answerSpaceQuery",
                new SpaceQueryHandler(codec, storage, limits.reserveBytes(), storageFailures));
        // clients list and fetch back their own stored backups (routes-server/receive.camel.yaml)
        StoredBackups stored = new StoredBackups(new StoredBackupCatalog(db), storage.root());
        registry.bind("listBackups", new BackupListHandler(codec, stored));
        registry.bind("openFetch", new FetchOpenHandler(codec, stored, limits));
        registry.bind("serveChunk", new FetchChunkHandler(codec, stored, limits));
        // restorability drills of stored files on a throwaway mariadbd (routes-server/drill.camel.yaml)
        registry.bind("drillStoredBackups", drills(settings, db, stored, alerts, clock, events));
        observability(settings, registry, db, storage.root());
        registry.bind("rejectUnexpectedFrame", new UnexpectedFrameRejector());
        registry.bind("replyError", new ErrorReplier(codec, storage.root()));
        context.addService(new TransfersCloser(transfers));
    }

    /**
     * Readiness checks and backup metrics for the management port ({@code camel.management.*}):
     * Camel finds the checks in the registry; route {@code server-metrics} refreshes the backup
     * metrics into the Prometheus registry Camel serves.
     */
    private static void observability(Settings settings, Registry registry, DataSource db, Path storageRoot) {
        registry.bind("refreshMetrics", ServerBackupMetrics.create(db));
        registry.bind("databaseReadiness", new DatabaseReadiness(db));
        registry.bind("storageReadiness", new FolderReadiness("storage", "the storage root", storageRoot, false));
        registry.bind("listenerReadiness", new ListenerReadiness("server-receive", "the TLS listener on "
                + settings.string("server.host", "0.0.0.0") + ":" + settings.string("server.port", "9443")));
    }

    /** The drills of stored backups; {@code drill.*} keys, scratch folders beside the database by default. */
    public static StoredBackupDrills drills(Settings settings, DataSource db, StoredBackups stored, ServerAlerts alerts,
                                            Clock clock) {
        return drills(settings, db, stored, alerts, clock, ServerEvents.none());
    }

    /** The same, publishing each result ({@code drill.result}) to {@code events}. */
    public static StoredBackupDrills drills(Settings settings, DataSource db, StoredBackups stored, ServerAlerts alerts,
                                            Clock clock, ServerEvents events) {
        Path dbFile = settings.path("db.file").toAbsolutePath();
        DrillSettings drill = DrillSettings.from(settings, dbFile.resolveSibling("drill"));
        return new StoredBackupDrills(db, new StoredBackupCatalog(db), stored, drill::drill, alerts, clock,
                settings.string("drill.scope", StoredBackupDrills.NEWEST), events);
    }
}
