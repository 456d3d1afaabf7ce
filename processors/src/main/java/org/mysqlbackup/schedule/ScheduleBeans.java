package org.mysqlbackup.schedule;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/** Binds what {@code routes-client/schedule.camel.yaml} uses; one call from the client's bean wiring. */
public final class ScheduleBeans {
    private ScheduleBeans() {
    }

    public static void bind(CamelContext context, Settings settings, DataSource db, ActiveRuns active) {
        Registry registry = context.getRegistry();
        ScheduleStore store = new ScheduleStore(db, Clock.systemUTC());
        registry.bind("scheduleStore", store);
        ScheduleRoutes routes = new ScheduleRoutes(context, store::active, misfire(settings),
                settings.duration("schedule.route-stop-timeout-ms", Duration.ofSeconds(30)));
        registry.bind("scheduleRoutes", routes);
        registry.bind("reconcileSchedules", (Processor) exchange -> routes.reconcile());
        ScheduledRunGuard guard = new ScheduledRunGuard(active, pauses(settings));
        registry.bind("scheduledRunGuard", guard);
        registry.bind("claimScheduledRun", guard.claim());
        registry.bind("releaseScheduledRun", guard.release());
    }

    /** {@code schedule.pause-dir}, by default {@code schedule-pauses} beside {@code db.file}. */
    public static SchedulePauses pauses(Settings settings) {
        return new SchedulePauses(settings.optionalPath("schedule.pause-dir")
                .orElseGet(() -> settings.path("db.file").toAbsolutePath().resolveSibling("schedule-pauses")),
                Clock.systemUTC());
    }

    static MisfirePolicy misfire(Settings settings) {
        String text = settings.string("schedule.misfire", MisfirePolicy.SKIP.text());
        return MisfirePolicy.parse(text).orElseThrow(() -> new InvalidSettingException("schedule.misfire",
                "is '" + text + "', not one of " + MisfirePolicy.choices()));
    }
}
