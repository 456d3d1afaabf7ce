package org.mysqlbackup.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.mysqlbackup.schedule.ScheduleRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two lines an operator (and systemd's journal) looks for: the client daemon is ready, with
 * its schedules loaded and when the next backup fires; and it has stopped. The schedules are
 * loaded here first (the refresh timer finds nothing left to do), so the count is the real one.
 */
public class DaemonReadyLog extends MainListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonReadyLog.class);

    private final Path configFile;
    private final Clock clock;
    private Instant readyAt;

    public DaemonReadyLog(Path configFile, Clock clock) {
        this.configFile = configFile;
        this.clock = clock;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        readyAt = clock.instant();
        ScheduleRoutes routes = context.getRegistry().lookupByNameAndType("scheduleRoutes", ScheduleRoutes.class);
        boolean enabled = Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{schedule.enabled:true}}"));
        if (routes == null || !enabled) {
            LOG.info("mysql-backup client daemon ready: schedules off (schedule.enabled=false) ({})",
                    configFile.toAbsolutePath());
            return;
        }
        routes.reconcile();
        ScheduleRoutes.Loaded loaded = routes.loaded(readyAt);
        String next = loaded.nextFiring().map(at -> at + " for '" + loaded.next().orElseThrow().configName() + "'")
                .orElse("none");
        LOG.info("mysql-backup client daemon ready: {} schedules loaded, next firing {} ({})", loaded.count(), next,
                configFile.toAbsolutePath());
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        LOG.info("mysql-backup client daemon stopped{}", readyAt == null ? " before it was ready"
                : " after " + Duration.between(readyAt, clock.instant()).withNanos(0));
    }
}
