package org.mysqlbackup.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.mysqlbackup.config.LifecycleLog;
import org.mysqlbackup.schedule.ScheduleRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client daemon's ready line (its schedules and when the next backup fires) and its stopped
 * line. The schedules are loaded here first (the refresh timer then finds nothing left to do), so
 * the count is the real one.
 */
public class DaemonReadyLog extends LifecycleLog {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonReadyLog.class);

    private final Path configFile;
    private final Clock clock;

    public DaemonReadyLog(Path configFile, Clock clock, Duration stopWait) {
        super("mysql-backup client daemon", clock, stopWait);
        this.configFile = configFile;
        this.clock = clock;
    }

    @Override
    protected void logReady(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        ScheduleRoutes routes = context.getRegistry().lookupByNameAndType("scheduleRoutes", ScheduleRoutes.class);
        boolean enabled = Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{schedule.enabled:true}}"));
        if (routes == null || !enabled) {
            LOG.info("mysql-backup client daemon ready: schedules off (schedule.enabled=false) ({})",
                    configFile.toAbsolutePath());
            return;
        }
        routes.reconcile();
        ScheduleRoutes.Loaded loaded = routes.loaded(clock.instant());
        String next = loaded.nextFiring().map(at -> at + " for '" + loaded.next().orElseThrow().configName() + "'")
                .orElse("none");
        LOG.info("mysql-backup client daemon ready: {} schedules loaded, next firing {} ({})", loaded.count(), next,
                configFile.toAbsolutePath());
    }

    @Override
    protected Logger log() {
        return LOG;
    }
}
