package org.mysqlbackup.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.db.SqliteDatabase;

/**
 * The real backup client, with the shipped client.properties and routes-client/, pointed at a
 * sandbox MariaDB (stopped and started with the sandbox's own shell commands) and a test server.
 */
public final class BackupClientFixture {
    private final Path workDir;
    private final Map<String, String> properties = new HashMap<>();
    private final List<CamelConfiguration> extraConfigurations = new ArrayList<>();
    private BackupLogStore logs;

    public BackupClientFixture(Path workDir, MariaDbSandbox mysql, int serverPort, Map<String, String> tls) {
        this(workDir, serverPort, tls);
        properties.put("mysql.host", "127.0.0.1");
        properties.put("mysql.port", Integer.toString(mysql.port()));
        properties.put("mysql.user", mysql.user());
        properties.put("mysql.password", mysql.password());
        properties.put("mysql.datadir", mysql.datadir().toString());
        properties.put("mysql.pid-file", mysql.pidFile().toString());
        properties.put("mysql.service.strategy", "command");
        properties.put("mysql.service.stop-command", mysql.stopCommand());
        properties.put("mysql.service.start-command", mysql.startCommand());
    }

    /** A client that only ships files ({@code send}, {@code resume}): no MySQL behind it. */
    public BackupClientFixture(Path workDir, int serverPort, Map<String, String> tls) {
        this.workDir = workDir;
        properties.putAll(tls);
        properties.put("backup.name", "it");
        // several clients may run in one test JVM: their Quartz schedulers need distinct names
        properties.put("camel.main.name", "client-" + workDir.getFileName());
        properties.put("mysql.user", "unused");
        properties.put("mysql.datadir", workDir.resolve("no-datadir").toString());
        properties.put("snapshot.work-dir", workDir().toString());
        properties.put("db.file", databaseFile().toString());
        properties.put("server.host", "localhost");
        properties.put("server.port", Integer.toString(serverPort));
        properties.put("schedule.enabled", "false");
        // tests fail fast instead of waiting minutes
        properties.put("transfer.retry.max-redeliveries", "2");
        properties.put("transfer.retry.initial-delay-ms", "100");
        properties.put("transfer.retry.max-delay-ms", "500");
    }

    /** Alerts by mail, without TLS, to {@code dba@example.org} through the SMTP server on {@code smtpPort}. */
    public BackupClientFixture mailingAlertsTo(int smtpPort) {
        return set("alert.mail.enabled", "true")
                .set("alert.mail.host", "127.0.0.1")
                .set("alert.mail.port", Integer.toString(smtpPort))
                .set("alert.mail.security", "none")
                .set("alert.mail.from", "mysql-backup@example.org")
                .set("alert.mail.to", "dba@example.org");
    }

    public BackupClientFixture set(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Runs after the client's own beans are bound, e.g. to decorate one of them. */
    public BackupClientFixture with(Consumer<CamelContext> configuration) {
        extraConfigurations.add(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                configuration.accept(context);
            }
        });
        return this;
    }

    public Path workDir() {
        return workDir.resolve("client-work");
    }

    public Path databaseFile() {
        return workDir.resolve("client.db");
    }

    /** Starts the client, runs one backup as backup-now does, stops the client. */
    public BackupSummary backupNow() throws Exception {
        return run(ClientApp::backup);
    }

    /** Starts the client, ships {@code file} as {@code send} does, stops the client. */
    public BackupSummary send(Path file) throws Exception {
        return run(context -> ClientApp.send(context, file, null));
    }

    /** Starts the client, ships every pending backup as {@code resume} does, stops the client. */
    public List<BackupSummary> resume() throws Exception {
        return run(ClientApp::resume);
    }

    /** Starts the client, runs {@code job} with its fetcher as fetch, list and restore do, stops the client. */
    public <T> T withFetcher(java.util.function.Function<org.mysqlbackup.fetch.BackupFetcher, T> job) throws Exception {
        return run(context -> job.apply(ClientApp.fetcher(context)));
    }

    private <T> T run(java.util.function.Function<CamelContext, T> job) throws Exception {
        Main main = new ClientApp(TestPaths.clientConfig(), properties).main(properties);
        extraConfigurations.forEach(main.configure()::addConfiguration);
        main.start();
        try {
            return job.apply(main.getCamelContext());
        } finally {
            main.stop();
        }
    }

    /** The command line of {@code bin/backup-client} for these properties, ending with {@code command}. */
    public List<String> commandLine(String... command) {
        List<String> args = new ArrayList<>(List.of(TestPaths.home().resolve("bin/backup-client").toString(),
                "--config", TestPaths.clientConfig().toString()));
        properties.forEach((key, value) -> {
            args.add("-D");
            args.add(key + "=" + value);
        });
        args.addAll(List.of(command));
        return args;
    }

    /** The client's BackupLogs and TransferLogs, read from its database file (one pool per fixture). */
    public synchronized BackupLogStore logs() {
        if (logs == null) {
            logs = new BackupLogStore(SqliteDatabase.open(databaseFile(), Duration.ofSeconds(5)), java.time.Clock.systemUTC());
        }
        return logs;
    }

    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }
}
