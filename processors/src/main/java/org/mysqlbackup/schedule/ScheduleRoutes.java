package org.mysqlbackup.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the running Quartz routes match the schedules in the database: one route per enabled
 * schedule, made from the {@value #TEMPLATE} route template of {@code routes-client/schedule.camel.yaml}
 * with the id {@code schedule-<configuration>-<schedule id>}. Called at start-up and then every
 * {@code schedule.refresh-ms}; a schedule that changed gets its route removed and made again, one
 * that is gone or disabled loses its route, a new one gets a route. Camel keeps running throughout.
 */
public class ScheduleRoutes {
    public static final String TEMPLATE = "scheduled-backup";
    public static final String ROUTE_PREFIX = "schedule-";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRoutes.class);

    /** What a route was made from; a route is re-made when this differs. */
    record RouteSpec(String routeId, Schedule schedule, String cron, int misfireInstruction) {
    }

    private final CamelContext context;
    private final Supplier<List<Schedule>> wanted;
    private final MisfirePolicy defaultMisfire;
    private final Duration stopTimeout;
    private final Map<String, RouteSpec> running = new HashMap<>();
    /** Schedules whose route could not be made, so the same failure is logged once, not every refresh. */
    private final Map<String, RouteSpec> failed = new HashMap<>();

    /**
     * @param wanted        the schedules that should run (enabled, of an active configuration)
     * @param stopTimeout   how long stopping a schedule's route may wait for a firing in progress
     */
    public ScheduleRoutes(CamelContext context, Supplier<List<Schedule>> wanted, MisfirePolicy defaultMisfire,
                          Duration stopTimeout) {
        this.context = context;
        this.wanted = wanted;
        this.defaultMisfire = defaultMisfire;
        this.stopTimeout = stopTimeout;
    }

    public static String routeId(Schedule s) {
        return ROUTE_PREFIX + s.configName() + "-" + s.id();
    }

    /** One pass: reads the schedules and adds, re-makes or removes routes. Never throws. */
    public synchronized void reconcile() {
        List<Schedule> schedules;
        try {
            schedules = wanted.get();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the schedules, the current ones keep running: {}", e.getMessage());
            return;
        }
        Map<String, RouteSpec> desired = new LinkedHashMap<>();
        for (Schedule s : schedules) {
            MisfirePolicy misfire = s.misfire() == null ? defaultMisfire : s.misfire();
            RouteSpec spec = new RouteSpec(routeId(s), s, QuartzCron.of(s), misfire.quartzInstruction());
            desired.put(spec.routeId(), spec);
        }
        for (String id : List.copyOf(running.keySet())) {
            RouteSpec want = desired.get(id);
            if (!running.get(id).equals(want) && remove(id)) {
                Schedule was = running.remove(id).schedule();
                if (want == null) {
                    LOG.info("Schedule {} of '{}' is no longer scheduled: route {} removed", was.id(),
                            was.configName(), id);
                }
            }
        }
        failed.keySet().retainAll(desired.keySet());
        for (RouteSpec spec : desired.values()) {
            if (running.containsKey(spec.routeId()) || spec.equals(failed.get(spec.routeId()))) {
                continue;
            }
            try {
                add(spec);
                running.put(spec.routeId(), spec);
                failed.remove(spec.routeId());
                Schedule s = spec.schedule();
                LOG.info("Schedule {} of '{}' {}: route {}, next backup at {}", s.id(), s.configName(), s.describe(),
                        spec.routeId(), QuartzCron.nextFireAfter(s, Instant.now()).map(Object::toString).orElse("never"));
            } catch (Exception e) {
                failed.put(spec.routeId(), spec);
                LOG.warn("Schedule {} of '{}' ({}) cannot be scheduled: {}", spec.schedule().id(),
                        spec.schedule().configName(), spec.schedule().describe(), e.getMessage());
            }
        }
    }

    /** The schedules running now and the one that fires first (with its time), if any does. */
    public record Loaded(int count, Optional<Schedule> next, Optional<ZonedDateTime> nextFiring) {
    }

    /** What runs now: how many schedules, and which fires next after {@code now}. */
    public synchronized Loaded loaded(Instant now) {
        Schedule first = null;
        ZonedDateTime firstAt = null;
        for (RouteSpec spec : running.values()) {
            Optional<ZonedDateTime> at = QuartzCron.nextFireAfter(spec.schedule(), now);
            if (at.isPresent() && (firstAt == null || at.get().toInstant().isBefore(firstAt.toInstant()))) {
                first = spec.schedule();
                firstAt = at.get();
            }
        }
        return new Loaded(running.size(), Optional.ofNullable(first), Optional.ofNullable(firstAt));
    }

    /** The ids of the schedule routes running now. */
    public synchronized List<String> routeIds() {
        return List.copyOf(running.keySet());
    }

    private void add(RouteSpec spec) {
        Schedule s = spec.schedule();
        TemplatedRouteBuilder.builder(context, TEMPLATE)
                .routeId(spec.routeId())
                .parameter("scheduleId", Long.toString(s.id()))
                .parameter("configName", s.configName())
                .parameter("cron", spec.cron())
                .parameter("timeZone", s.timeZone().getId())
                .parameter("misfireInstruction", Integer.toString(spec.misfireInstruction()))
                .add();
    }

    /** Stops and removes a route; the firing it hands over runs on, so this waits only for the hand-over. */
    private boolean remove(String id) {
        try {
            context.getRouteController().stopRoute(id, stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (context.removeRoute(id)) {
                return true;
            }
            LOG.warn("Schedule route {} did not stop within {} ms; trying again at the next refresh", id,
                    stopTimeout.toMillis());
        } catch (Exception e) {
            LOG.warn("Cannot remove schedule route {}: {}", id, e.getMessage());
        }
        return false;
    }
}
