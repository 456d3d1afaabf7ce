package org.mysqlbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;

/**
 * The shipped {@code routes-client/schedule.camel.yaml} in a CamelContext with stand-ins for the
 * resume and backup routes: schedules in the database become Quartz routes, changes are picked up
 * while Camel runs, and two firings of one configuration never overlap.
 */
class ScheduleRoutesTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @TempDir
    Path temp;

    private DataSource db;
    private ScheduleStore store;
    private CamelContext context;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Instant> backupsAt = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        db = TestDatabases.migrated(temp.resolve("client.db"), "client");
        Sql sql = new Sql(db, "test database");
        for (String name : List.of("nightly", "other")) {
            sql.update("INSERT INTO BackupConfigurations (Name, MySQLConnectionString, DataDirectoryPath, ServiceName,"
                    + " TargetServerIP, TargetServerPort, TargetDirectory, NamingStrategy) VALUES (?, '', '', '', '', 0, '', '')",
                    name);
        }
        store = new ScheduleStore(db, Clock.systemUTC());

        context = new DefaultCamelContext();
        Properties props = new Properties();
        props.putAll(Map.of("schedule.enabled", "true", "schedule.refresh-ms", "200", "schedule.misfire", "skip",
                "db.file", temp.resolve("client.db").toString()));
        context.getPropertiesComponent().setInitialProperties(props);
        ScheduleBeans.bind(context, new Settings(key -> Optional.ofNullable(props.getProperty(key))), db, new ActiveRuns());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:resume-pending").process(e -> calls.add("resume"));
                from("direct:backup").process(e -> {
                    calls.add("backup " + e.getMessage().getHeader(BackupRun.CONFIG_NAME_HEADER));
                    backupsAt.add(Instant.now());
                    Thread.sleep(2500);
                });
            }
        });
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:../routes-client/schedule.camel.yaml"));
        context.start();
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        ((AutoCloseable) db).close();
    }

    @Test
    void aChangedScheduleFiresAtItsNewTimeWithoutARestart() {
        store.replaceAll("nightly", List.of(Schedule.cron("nightly", "0 0 0 1 1 ? 2099", UTC)));
        long first = store.list("nightly").get(0).id();
        awaitTrue(() -> routes().routeIds().equals(List.of("schedule-nightly-" + first)), "far-future route created");

        ZonedDateTime at = ZonedDateTime.now(UTC).plusSeconds(3).withNano(0);
        store.replaceAll("nightly", List.of(Schedule.cron("nightly", oneShot(at), UTC)));
        long second = store.list("nightly").get(0).id();
        // SQLite may give the new row the old id: the route is made again either way
        awaitTrue(() -> routes().routeIds().equals(List.of("schedule-nightly-" + second))
                && context.getRoute("schedule-nightly-" + second).getEndpoint().getEndpointUri()
                .contains("+" + at.getYear()), "route made again");
        awaitTrue(() -> calls.contains("backup nightly"), "scheduled backup ran");

        assertThat(calls).startsWith("resume", "backup nightly");
        assertThat(backupsAt.get(0)).isAfterOrEqualTo(at.toInstant()).isBefore(at.toInstant().plusSeconds(2));
        assertThat(first == second || context.getRoute("schedule-nightly-" + first) == null).isTrue();

        store.setEnabled("nightly", null, false);
        awaitTrue(() -> routes().routeIds().isEmpty(), "disabled schedule's route removed");
        assertThat(context.getRoute("schedule-nightly-" + second)).isNull();
    }

    @Test
    void aSecondFiringOfTheSameConfigurationIsSkippedWhileTheFirstRuns() throws Exception {
        ZonedDateTime at = ZonedDateTime.now(UTC).plusSeconds(3).withNano(0);
        store.replaceAll("nightly", List.of(Schedule.cron("nightly", oneShot(at), UTC),
                Schedule.cron("nightly", oneShot(at.plusSeconds(1)), UTC)));
        store.add(Schedule.cron("other", oneShot(at), UTC));
        awaitTrue(() -> routes().routeIds().size() == 3, "three routes");
        awaitTrue(() -> calls.contains("backup nightly") && calls.contains("backup other"), "backups ran");
        Thread.sleep(2500);

        assertThat(calls.stream().filter("backup nightly"::equals)).hasSize(1);
        assertThat(calls.stream().filter("backup other"::equals)).hasSize(1);
    }

    private ScheduleRoutes routes() {
        return context.getRegistry().lookupByNameAndType("scheduleRoutes", ScheduleRoutes.class);
    }

    static String oneShot(ZonedDateTime at) {
        return at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " " + at.getDayOfMonth() + " "
                + at.getMonthValue() + " ? " + at.getYear();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
