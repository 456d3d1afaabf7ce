package org.mysqlbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Sql;

class ScheduleStoreTest {
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    @TempDir
    Path temp;

    private DataSource db;
    private Sql sql;
    private ScheduleStore store;

    @BeforeEach
    void open() {
        db = TestDatabases.migrated(temp.resolve("client.db"), "client");
        sql = new Sql(db, "test database");
        for (String name : List.of("nightly", "other")) {
            sql.update("INSERT INTO BackupConfigurations (Name, MySQLConnectionString, DataDirectoryPath, ServiceName,"
                    + " TargetServerIP, TargetServerPort, TargetDirectory, NamingStrategy) VALUES (?, '', '', '', '', 0, '', '')",
                    name);
        }
        store = new ScheduleStore(db, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) db).close();
    }

    @Test
    void replaceAllThenListGivesTheSameSchedulesBack() {
        List<Schedule> wanted = List.of(
                Schedule.daily("nightly", LocalTime.of(2, 30), OSLO),
                Schedule.weekly("nightly", DayOfWeek.SUNDAY, LocalTime.of(4, 0), ZoneId.of("UTC")).withEnabled(false),
                Schedule.monthly("nightly", 31, LocalTime.of(23, 59), OSLO).withMisfire(MisfirePolicy.RUN_ONCE),
                Schedule.cron("nightly", "0 0/15 * * * ?", ZoneId.of("Asia/Kolkata")));
        store.add(Schedule.daily("nightly", LocalTime.NOON, OSLO));
        store.add(Schedule.daily("other", LocalTime.NOON, OSLO));

        store.replaceAll("nightly", wanted);

        assertThat(store.list("nightly")).extracting(s -> s.withId(null)).isEqualTo(wanted);
        assertThat(store.list("other")).hasSize(1);
        assertThat(store.list()).hasSize(5);
        assertThat(store.active()).extracting(Schedule::configName, Schedule::type).doesNotContain(
                org.assertj.core.groups.Tuple.tuple("nightly", ScheduleType.WEEKLY));
    }

    @Test
    void enableDisableAndRemoveByIdOrAll() {
        long a = store.add(Schedule.daily("nightly", LocalTime.of(1, 0), OSLO));
        long b = store.add(Schedule.daily("nightly", LocalTime.of(2, 0), OSLO));

        assertThat(store.setEnabled("nightly", a, false)).isEqualTo(1);
        assertThat(store.active()).extracting(Schedule::id).containsExactly(b);
        assertThat(store.setEnabled("nightly", null, false)).isEqualTo(2);
        assertThat(store.active()).isEmpty();
        assertThat(store.setEnabled("nightly", null, true)).isEqualTo(2);
        assertThat(store.remove("nightly", b)).isEqualTo(1);
        assertThat(store.list("nightly")).extracting(Schedule::id).containsExactly(a);
    }

    @Test
    void theIdOfARemovedScheduleIsNeverGivenAgain() {
        store.add(Schedule.daily("nightly", LocalTime.of(1, 0), OSLO));
        long last = store.add(Schedule.daily("nightly", LocalTime.of(2, 0), OSLO));
        store.remove("nightly", last);

        long next = store.add(Schedule.daily("nightly", LocalTime.of(3, 0), OSLO));

        assertThat(next).as("an old --id must not name the new schedule").isGreaterThan(last);
    }

    @Test
    void schedulesOfAnInactiveConfigurationDoNotRun() {
        store.add(Schedule.daily("other", LocalTime.of(1, 0), OSLO));
        sql.update("UPDATE BackupConfigurations SET IsActive = 0 WHERE Name = 'other'");

        assertThat(store.active()).isEmpty();
        assertThat(store.list("other")).hasSize(1);
    }

    @Test
    void unknownConfigurationsAndForeignIdsAreRefused() {
        long otherId = store.add(Schedule.daily("other", LocalTime.of(1, 0), OSLO));

        assertThatThrownBy(() -> store.add(Schedule.daily("missing", LocalTime.NOON, OSLO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no backup configuration is named 'missing'");
        assertThatThrownBy(() -> store.replaceAll("missing", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'missing'");
        assertThatThrownBy(() -> store.replace(otherId, Schedule.daily("nightly", LocalTime.NOON, OSLO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no schedule " + otherId);
        assertThatThrownBy(() -> store.setEnabled("nightly", otherId, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(otherId)).get().extracting(Schedule::enabled).isEqualTo(true);
    }

    @Test
    void importKeepsTheIdOfEveryScheduleItLeavesAsItWasAndReplacesTheRest() {
        long kept = store.add(Schedule.daily("nightly", LocalTime.of(2, 30), OSLO));
        long changed = store.add(Schedule.weekly("nightly", DayOfWeek.SUNDAY, LocalTime.of(4, 0), OSLO));
        long gone = store.add(Schedule.cron("nightly", "0 0/15 * * * ?", OSLO));

        store.importAll("nightly", List.of(
                Schedule.weekly("nightly", DayOfWeek.MONDAY, LocalTime.of(4, 0), OSLO),
                Schedule.daily("nightly", LocalTime.of(2, 30), OSLO)));

        List<Schedule> after = store.list("nightly");
        assertThat(after).extracting(Schedule::id).hasSize(2).contains(kept).doesNotContain(changed, gone);
        assertThat(after.stream().filter(s -> s.id() == kept).findFirst().orElseThrow().time())
                .isEqualTo(LocalTime.of(2, 30));
        assertThat(after).extracting(Schedule::dayOfWeek).contains(DayOfWeek.MONDAY);
    }
}
