package org.mysqlbackup.client.guard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the watchdog of one backup: a small JVM running {@code RestartWatchdogMain --config FILE
 * --backup N} that outlives this one. It waits on its standard input ({@link RestartWatchdog}); if this process
 * dies before releasing it (SIGKILL, the OOM killer, a crash), it runs the same recovery as
 * {@code backup-client recover} for that backup: starts MySQL if the backup's restart intent says it
 * is down, closes the run, alerts. It ignores SIGINT, SIGHUP and SIGTERM (a Ctrl-C, a closed
 * terminal or {@code systemctl stop} reach the whole process group), so it is there when needed;
 * it ends on its own once released.
 */
public class WatchdogLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(WatchdogLauncher.class);
    private static final String MAIN = "org.mysqlbackup.cli.RestartWatchdogMain";
    private static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
    private static final boolean POSIX = !System.getProperty("os.name", "").startsWith("Windows");

    private final Path configFile;
    private final Map<String, String> properties;

    /** @param properties the overrides this client runs with, handed to the watchdog through its standard input */
    public WatchdogLauncher(Path configFile, Map<String, String> properties) {
        this.configFile = configFile.toAbsolutePath();
        this.properties = Map.copyOf(properties);
    }

    /** Starts the watchdog of backup {@code backupId}; close the handle to release it. */
    public Handle start(long backupId) throws IOException {
        List<String> command = new ArrayList<>();
        if (POSIX) {
            // ignored signals stay ignored across exec, and the JVM keeps them ignored; a lower priority
            // keeps its start out of the way of the backup it watches
            command.addAll(List.of("sh", "-c", "trap '' HUP INT TERM; exec nice -n 10 \"$0\" \"$@\""));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        for (String property : List.of("mysqlbackup.home", "logback.configurationFile")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "--config", configFile.toString(),
                "--backup", Long.toString(backupId)));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            RestartWatchdog.sendProperties(process.getOutputStream(), properties);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException("the watchdog process ended at once: " + e.getMessage(), e);
        }
        LOG.debug("Restart watchdog of backup {} runs as process {}", backupId, process.pid());
        return new Handle(backupId, process);
    }

    /** A running watchdog; {@link #close()} releases it. */
    public static final class Handle implements AutoCloseable {
        private final long backupId;
        private final Process process;
        private boolean released;

        Handle(long backupId, Process process) {
            this.backupId = backupId;
            this.process = process;
        }

        public long pid() {
            return process.pid();
        }

        /** Tells the watchdog it is not needed and waits a moment for it to end. */
        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            try (OutputStream in = process.getOutputStream()) {
                in.write(RestartWatchdog.releaseBytes());
            } catch (IOException gone) {
                LOG.warn("The restart watchdog of backup {} (process {}) had already ended: {}", backupId,
                        process.pid(), gone.getMessage());
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        @Override
        public String toString() {
            return "the restart watchdog (process " + process.pid() + ")";
        }
    }
}
