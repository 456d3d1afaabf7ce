package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.sql.DataSource;
import org.mysqlbackup.schedule.QuartzCron;
import org.mysqlbackup.schedule.Schedule;
import org.mysqlbackup.schedule.ScheduleCheck;
import org.mysqlbackup.schedule.ScheduleInput;
import org.mysqlbackup.schedule.ScheduleStore;
import org.mysqlbackup.schedule.ScheduleValidator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE schedule set|add|list|enable|disable|remove}: the schedules of
 * the backup configurations, kept in the client database. A running daemon picks changes up
 * within {@code schedule.refresh-ms}, without a restart.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Show and change when backups run: daily, weekly, monthly at a time, or a cron expression.",
        subcommands = {ScheduleCommand.Set.class, ScheduleCommand.Add.class, ScheduleCommand.ListSchedules.class,
                ScheduleCommand.Enable.class, ScheduleCommand.Disable.class, ScheduleCommand.Remove.class})
public class ScheduleCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Opens the client database (migrating it), runs {@code work}, closes it. */
    <T> T withStore(Function<ScheduleStore, T> work) {
        DataSource db = ClientDatabase.open(client);
        try {
            return work.apply(new ScheduleStore(db, java.time.Clock.systemUTC()));
        } finally {
            ClientDatabase.closeQuietly(db);
        }
    }

    boolean daemonSchedules() {
        return client.app().settings().bool("schedule.enabled", true);
    }

    static String line(Schedule s, Instant now) {
        return String.format("%4d  %-20s %-45s %-8s %-9s next: %s", s.id(), "'" + s.configName() + "'", s.describe(),
                s.enabled() ? "enabled" : "disabled", s.misfire() == null ? "misfire=default" : "misfire=" + s.misfire(),
                s.enabled() ? QuartzCron.nextFireAfter(s, now).map(Object::toString).orElse("never") : "-");
    }

    /** When a schedule fires: exactly one of these. */
    static class When {
        @Option(names = "--daily", paramLabel = "HH:mm", required = true, description = "Every day at HH:mm.")
        String daily;

        @Option(names = "--weekly", arity = "2", paramLabel = "DAY HH:mm", required = true,
                description = "Every week on DAY (MON..SUN) at HH:mm.")
        List<String> weekly;

        @Option(names = "--monthly", arity = "2", paramLabel = "N HH:mm", required = true,
                description = "Every month on day N (1..31; months without that day are skipped) at HH:mm.")
        List<String> monthly;

        @Option(names = "--cron", paramLabel = "EXPR", required = true,
                description = "Quartz cron: seconds minutes hours day-of-month month day-of-week [year], e.g. '0 30 2 ? * SUN'.")
        String cron;
    }

    /** What set and add take. */
    static class Definition {
        @Parameters(index = "0", paramLabel = "CONFIG", description = "Name of the backup configuration.")
        String config;

        @ArgGroup(exclusive = true, multiplicity = "1")
        When when;

        @Option(names = "--time-zone", paramLabel = "ZONE",
                description = "Region id the time is read in, e.g. Europe/Oslo or UTC (default: this host's zone).")
        String timeZone;

        @Option(names = "--misfire", paramLabel = "POLICY",
                description = "skip or run-once: what to do with a firing missed while the daemon runs (default: schedule.misfire).")
        String misfire;

        @Option(names = "--disabled", description = "Store the schedule switched off.")
        boolean disabled;

        ScheduleInput input() {
            String zone = timeZone != null ? timeZone : hostZone();
            boolean on = !disabled;
            if (when.daily != null) {
                return new ScheduleInput(config, "daily", when.daily, null, null, zone, misfire, on);
            }
            if (when.weekly != null) {
                return new ScheduleInput(config, "weekly", when.weekly.get(1), when.weekly.get(0), null, zone, misfire, on);
            }
            if (when.monthly != null) {
                return new ScheduleInput(config, "monthly", when.monthly.get(1), when.monthly.get(0), null, zone, misfire, on);
            }
            return new ScheduleInput(config, "cron", null, null, when.cron, zone, misfire, on);
        }

        private static String hostZone() {
            String id = ZoneId.systemDefault().getId();
            return ZoneId.getAvailableZoneIds().contains(id) ? id : "UTC";
        }
    }

    /** Validates, prints one line per bad field on stderr, or hands the schedule to {@code store}. */
    static Integer write(ScheduleCommand parent, CommandSpec spec, Definition definition, StoreWrite write) {
        return parent.withStore(store -> {
            ScheduleCheck check = new ScheduleValidator(store::configurationExists).check(definition.input());
            if (!check.valid()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("schedule " + spec.name() + ": invalid schedule");
                check.problems().forEach((field, problem) -> err.println("  " + field + ": " + problem));
                err.flush();
                return ExitCodes.USAGE;
            }
            long id = write.apply(store, check.schedule());
            Schedule stored = store.find(id).orElseThrow();
            PrintWriter out = spec.commandLine().getOut();
            out.println("schedule " + id + " of '" + stored.configName() + "': " + stored.describe()
                    + (stored.enabled() ? ", next backup at "
                    + QuartzCron.nextFireAfter(stored, Instant.now()).map(Object::toString).orElse("never (the expression has no future time)")
                    : ", disabled"));
            if (!parent.daemonSchedules()) {
                out.println("note: schedule.enabled is false, so the daemon runs no scheduled backups");
            }
            out.flush();
            return ExitCodes.OK;
        });
    }

    @FunctionalInterface
    interface StoreWrite {
        long apply(ScheduleStore store, Schedule schedule);
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Make this the configuration's only schedule, or with --id replace that one schedule.")
    static class Set implements Callable<Integer> {
        @ParentCommand
        ScheduleCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        Definition definition = new Definition();

        @Option(names = "--id", description = "Replace this schedule (see schedule list), keeping the others.")
        Long id;

        @Override
        public Integer call() {
            return write(parent, spec, definition, (store, schedule) -> {
                if (id != null) {
                    store.replace(id, schedule);
                    return id;
                }
                store.replaceAll(schedule.configName(), List.of(schedule));
                return store.list(schedule.configName()).get(0).id();
            });
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add another schedule to the configuration.")
    static class Add implements Callable<Integer> {
        @ParentCommand
        ScheduleCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        Definition definition = new Definition();

        @Override
        public Integer call() {
            return write(parent, spec, definition, ScheduleStore::add);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the schedules (of one configuration) with the next time each fires.")
    static class ListSchedules implements Callable<Integer> {
        @ParentCommand
        ScheduleCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "Only this configuration.")
        String config;

        @Override
        public Integer call() {
            return parent.withStore(store -> {
                if (config != null && !store.configurationExists(config)) {
                    throw new IllegalArgumentException("no backup configuration is named '" + config + "'");
                }
                List<Schedule> schedules = config == null ? store.list() : store.list(config);
                PrintWriter out = spec.commandLine().getOut();
                if (schedules.isEmpty()) {
                    out.println(config == null ? "No schedules." : "'" + config + "' has no schedules.");
                }
                Instant now = Instant.now();
                schedules.forEach(s -> out.println(line(s, now)));
                if (!parent.daemonSchedules()) {
                    out.println("note: schedule.enabled is false, so the daemon runs no scheduled backups");
                }
                out.flush();
                return ExitCodes.OK;
            });
        }
    }

    /** enable, disable, remove: one schedule of a configuration by --id, or all of them. */
    abstract static class Switch implements Callable<Integer> {
        @ParentCommand
        ScheduleCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CONFIG", description = "Name of the backup configuration.")
        String config;

        @Option(names = "--id", description = "Only this schedule (see schedule list); default: all of the configuration.")
        Long id;

        abstract int apply(ScheduleStore store);

        abstract String done();

        @Override
        public Integer call() {
            int count = parent.withStore(this::apply);
            spec.commandLine().getOut().println(done() + " " + count + " schedule(s) of '" + config + "'");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Switch schedules of a configuration on.")
    static class Enable extends Switch {
        @Override
        int apply(ScheduleStore store) {
            return store.setEnabled(config, id, true);
        }

        @Override
        String done() {
            return "enabled";
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Switch schedules of a configuration off (kept).")
    static class Disable extends Switch {
        @Override
        int apply(ScheduleStore store) {
            return store.setEnabled(config, id, false);
        }

        @Override
        String done() {
            return "disabled";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete schedules of a configuration.")
    static class Remove extends Switch {
        @Override
        int apply(ScheduleStore store) {
            return store.remove(config, id);
        }

        @Override
        String done() {
            return "removed";
        }
    }
}
