package org.mysqlbackup.client;

import java.time.Duration;
import org.apache.camel.support.service.ServiceSupport;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the client process is asked to end (SIGTERM from {@code systemctl stop}, Ctrl-C, a reboot's
 * shutdown), the backups it runs are cancelled before it goes: each stops at its next checkpoint,
 * starts MySQL again if it had stopped it, and is recorded Cancelled; one that was shipping a
 * complete file is recorded Failed instead, its file and resume token kept, and resumes when the
 * client runs again. The JVM waits for that, up to
 * {@code backup.shutdown-wait-ms}; what is still running then is left to the backup's restart
 * watchdog and the next guard. A JVM shutdown hook while the context runs, removed when it stops.
 */
public class ShutdownCancellation extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCancellation.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ActiveRuns active;
    private final Duration wait;
    private final Thread hook = new Thread(this::cancelAndWait, "mysql-backup-shutdown");

    public ShutdownCancellation(ActiveRuns active, Duration wait) {
        this.active = active;
        this.wait = wait;
    }

    @Override
    protected void doStart() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    protected void doStop() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    void cancelAndWait() {
        if (active.all().isEmpty()) {
            return;
        }
        for (BackupRun run : active.all()) {
            LOG.warn("The client process is asked to stop: cancelling backup {} of '{}' (MySQL is started again if it"
                    + " was stopped)", run.logId(), run.configName());
            run.cancel("the client process was asked to stop (SIGTERM, Ctrl-C or shutdown)",
                    Cancellation.Source.SHUTDOWN);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!active.all().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!active.all().isEmpty()) {
            LOG.error("Backups still running after {} s of shutdown: {}; their restart watchdogs take over",
                    wait.toSeconds(), active.all().stream().map(BackupRun::logId).toList());
        }
    }
}
