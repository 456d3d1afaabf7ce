package org.mysqlbackup.client.guard;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.PreflightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog processes of the backups of this client ({@link WatchdogLauncher}): one is started
 * for each backup before MySQL is stopped (route step {@code startRestartWatchdog}, before the
 * pre-flight, so its start-up, at a lower priority, is over long before the downtime) and released as soon
 * as MySQL answers again, or when the backup ends, whichever comes first. {@code guard.watchdog=false}
 * starts none (the daemon and {@code recover} remain as guards).
 */
public class RestartWatchdogs implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RestartWatchdogs.class);

    private final WatchdogLauncher launcher;
    private final boolean enabled;
    private final Map<Long, WatchdogLauncher.Handle> running = new ConcurrentHashMap<>();

    public RestartWatchdogs(WatchdogLauncher launcher, boolean enabled) {
        this.launcher = launcher;
        this.enabled = enabled;
    }

    /** Starts the watchdog of the exchange's backup; it is released when the run is (doFinally). */
    @Override
    public void process(Exchange exchange) {
        if (!enabled) {
            return;
        }
        BackupRun run = BackupRun.of(exchange);
        WatchdogLauncher.Handle handle;
        try {
            handle = launcher.start(run.logId());
        } catch (IOException e) {
            throw new PreflightException("cannot start the restart watchdog process (" + e.getMessage()
                    + "); MySQL was not stopped. Fix it, or set guard.watchdog=false to back up without one");
        }
        running.put(run.logId(), handle);
        run.hold(() -> release(run));
        LOG.info("Backup {} of '{}': restart watchdog runs as process {}", run.logId(), run.configName(), handle.pid());
    }

    /** MySQL answers again (or the backup ended): the watchdog of {@code run} is not needed. */
    public void release(BackupRun run) {
        WatchdogLauncher.Handle handle = running.remove(run.logId());
        if (handle != null) {
            handle.close();
        }
    }
}
