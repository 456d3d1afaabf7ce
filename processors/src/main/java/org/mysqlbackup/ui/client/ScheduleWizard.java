package org.mysqlbackup.ui.client;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.mysqlbackup.schedule.QuartzCron;
import org.mysqlbackup.schedule.Schedule;
import org.mysqlbackup.schedule.ScheduleCheck;
import org.mysqlbackup.schedule.ScheduleInput;
import org.mysqlbackup.schedule.ScheduleStore;
import org.mysqlbackup.schedule.ScheduleValidator;

/**
 * The console's schedule wizard over the services of {@code backup-client schedule}: a form is
 * checked by {@link ScheduleValidator} (the same per-field messages), its next firings come from
 * Quartz's own {@code CronExpression} ({@link QuartzCron}), and {@link ScheduleStore} keeps it; the
 * daemon's schedule routes pick a change up within {@code schedule.refresh-ms}.
 *
 * <p>A form (JSON object) holds {@code type} (daily, weekly, monthly, cron), {@code time} (HH:mm),
 * {@code day} (MON..SUN for weekly, 1..31 for monthly), {@code cron}, {@code timeZone} (a region
 * id), {@code misfire} (skip, run-once; blank for schedule.misfire) and {@code enabled}.
 */
public class ScheduleWizard {
    /** How many next firings a preview shows. */
    static final int PREVIEW_FIRINGS = 5;

    private final ScheduleStore store;
    private final Clock clock;

    public ScheduleWizard(ScheduleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A stored schedule for the console, with its next firing. */
    public record ScheduleView(long id, String configuration, String type, String description, String cron,
                               String timeZone, boolean enabled, String misfire, String next) {
    }

    /**
     * What a form would do: valid with its description, cron and next firings (in its time zone),
     * or the problem of each bad field.
     */
    public record Preview(boolean valid, Map<String, String> problems, String description, String cron,
                          List<String> next) {
    }

    public List<ScheduleView> list(String configName) {
        requireConfiguration(configName);
        Instant now = clock.instant();
        return store.list(configName).stream().map(s -> view(s, now)).toList();
    }

    public Preview preview(String configName, Map<String, Object> form) {
        ScheduleCheck check = check(configName, form);
        if (!check.valid()) {
            return new Preview(false, check.problems(), null, null, List.of());
        }
        Schedule schedule = check.schedule();
        return new Preview(true, Map.of(), schedule.describe(), QuartzCron.of(schedule),
                nextFirings(schedule, clock.instant(), PREVIEW_FIRINGS).stream().map(ZonedDateTime::toString).toList());
    }

    /** {@code schedule set}: the form becomes the configuration's only schedule. */
    public ScheduleView replaceAll(String configName, Map<String, Object> form) {
        Schedule schedule = check(configName, form).orThrow();
        store.replaceAll(configName, List.of(schedule));
        return view(store.list(configName).get(0), clock.instant());
    }

    /** {@code schedule add}: one more schedule of the configuration. */
    public ScheduleView add(String configName, Map<String, Object> form) {
        Schedule schedule = check(configName, form).orThrow();
        long id = store.add(schedule);
        return view(store.find(id).orElseThrow(), clock.instant());
    }

    public ScheduleView setEnabled(String configName, long id, boolean enabled) {
        requireSchedule(configName, id);
        store.setEnabled(configName, id, enabled);
        return view(store.find(id).orElseThrow(), clock.instant());
    }

    public void remove(String configName, long id) {
        requireSchedule(configName, id);
        store.remove(configName, id);
    }

    /** The next {@code count} firings after {@code after}; fewer if the schedule stops firing. */
    static List<ZonedDateTime> nextFirings(Schedule schedule, Instant after, int count) {
        List<ZonedDateTime> firings = new ArrayList<>();
        Instant from = after;
        while (firings.size() < count) {
            Optional<ZonedDateTime> next = QuartzCron.nextFireAfter(schedule, from);
            if (next.isEmpty()) {
                break;
            }
            firings.add(next.get());
            from = next.get().toInstant();
        }
        return firings;
    }

    private ScheduleCheck check(String configName, Map<String, Object> form) {
        Object enabled = form.get("enabled");
        return new ScheduleValidator(store::configurationExists).check(new ScheduleInput(configName,
                text(form.get("type")), text(form.get("time")), text(form.get("day")), text(form.get("cron")),
                text(form.get("timeZone")), text(form.get("misfire")),
                enabled == null || Boolean.parseBoolean(enabled.toString())));
    }

    private void requireConfiguration(String configName) {
        if (!store.configurationExists(configName)) {
            throw new NoSuchElementException("no backup configuration is named '" + configName + "'");
        }
    }

    private void requireSchedule(String configName, long id) {
        requireConfiguration(configName);
        if (store.find(id).filter(s -> s.configName().equals(configName)).isEmpty()) {
            throw new NoSuchElementException("configuration '" + configName + "' has no schedule " + id);
        }
    }

    private static ScheduleView view(Schedule s, Instant now) {
        return new ScheduleView(s.id(), s.configName(), s.type().name().toLowerCase(java.util.Locale.ROOT),
                s.describe(), QuartzCron.of(s), s.timeZone().getId(), s.enabled(),
                s.misfire() == null ? null : s.misfire().text(),
                s.enabled() ? QuartzCron.nextFireAfter(s, now).map(ZonedDateTime::toString).orElse(null) : null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
