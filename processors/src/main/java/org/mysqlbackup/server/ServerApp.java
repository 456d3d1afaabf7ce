package org.mysqlbackup.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import org.mysqlbackup.config.CamelApp;
import org.mysqlbackup.config.ListenPorts;

/** The file receiver server. */
public class ServerApp {
    /** How long a SIGTERM waits for the server to finish stopping (the shipped unit's TimeoutStopSec). */
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(60);

    /** What the server listens on: the clients' TLS port, and the management port when on. */
    static final List<ListenPorts.Listener> LISTENERS = List.of(
            new ListenPorts.Listener("the file receiver's", "server.host", "server.port", null),
            new ListenPorts.Listener("the management", "camel.management.host", "camel.management.port",
                    "camel.management.enabled"));

    private final Path configFile;
    private final Map<String, String> overrides;

    public ServerApp(Path configFile, Map<String, String> overrides) {
        this.configFile = configFile;
        this.overrides = Map.copyOf(overrides);
    }

    /** Runs in the foreground until the JVM is asked to stop. */
    public int run() throws Exception {
        new ListenPorts(CamelApp.settings(configFile, overrides)).requireFree(LISTENERS);
        Main main = main();
        main.run();
        return main.getExitCode();
    }

    public Main main() {
        Main main = CamelApp.create("mysql-backup-server", configFile, "routes-server", new ServerBeans(),
                "org.mysqlbackup.ui.server.ServerConsoleBeans", overrides);
        main.addMainListener(new ServerReadyLog(java.time.Clock.systemUTC(), STOP_WAIT));
        return main;
    }
}
