package org.mysqlbackup.client;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.mysqlbackup.config.CamelApp;

/** The backup client: a daemon that runs scheduled backups, or a one-shot backup. */
public class ClientApp {
    /** Entry point of the backup workflow in {@code routes-client/backup.camel.yaml}. */
    public static final String BACKUP_ENDPOINT = "direct:backup";

    private final Path configFile;
    private final Map<String, String> overrides;

    public ClientApp(Path configFile, Map<String, String> overrides) {
        this.configFile = configFile;
        this.overrides = Map.copyOf(overrides);
    }

    /** Runs until the JVM is asked to stop (SIGTERM, Ctrl-C). */
    public int runDaemon() throws Exception {
        Main main = main(overrides);
        main.run();
        return main.getExitCode();
    }

    /** Starts the client without its schedule, runs one backup, stops, and returns the outcome. */
    public BackupSummary backupNow() throws Exception {
        Map<String, String> oneShot = new HashMap<>(overrides);
        oneShot.put("schedule.enabled", "false");
        Main main = main(oneShot);
        main.start();
        try {
            return backup(main.getCamelContext());
        } finally {
            main.stop();
        }
    }

    /** Runs one backup in a started client context. */
    public static BackupSummary backup(CamelContext context) {
        Exchange result = context.createProducerTemplate().send(BACKUP_ENDPOINT, exchange -> { });
        BackupSummary summary = result.getMessage().getBody(BackupSummary.class);
        if (summary == null) {
            Exception failure = result.getException();
            throw new IllegalStateException("backup produced no outcome"
                    + (failure == null ? "" : ": " + failure.getMessage()), failure);
        }
        return summary;
    }

    public Main main(Map<String, String> properties) {
        return CamelApp.create("mysql-backup-client", configFile, "routes-client", new ClientBeans(), properties);
    }
}
