package org.mysqlbackup.server.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.server.SettableClock;
import org.mysqlbackup.server.alerts.ServerAlert;
import org.mysqlbackup.server.alerts.ServerAlertKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead man's switch on a real migrated server database, with a clock the test moves. */
class OverdueWatchTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;
    private DataSource db;
    private OverdueStore store;
    private final List<ServerAlert> raised = new CopyOnWriteArrayList<>();
    private final SettableClock clock = new SettableClock(T0);

    @BeforeEach
    void open() {
        db = TestDatabases.migrated(dir.resolve("server.db"), "server");
        store = new OverdueStore(db);
    }

    private OverdueWatch watch(List<Expectation> configured) {
        return new OverdueWatch(store, configured, Duration.ofMinutes(10), raised::add, clock);
    }

    private void completed(String client, String config, Instant at) {
        new Sql(db, "test").insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, EndTime, Status,"
                        + " FileSize, ChunkSize, Sha256, Md5) VALUES (?, ?, ?, ?, ?, 'Completed', 1, 1, 'x', 'y')",
                "t-" + at.toEpochMilli(), client, config, Times.format(at), Times.format(at));
    }

    @Test
    void aLateConfigurationIsAlertedOnceAndClearedOnce() {
        store.expect("c1", "main", Duration.ofHours(24), T0);
        completed("c1", "main", T0);
        OverdueWatch watch = watch(List.of());
        clock.set(T0.plus(Duration.ofHours(24)).plusSeconds(5 * 60));
        watch.check();
        assertThat(raised).isEmpty(); // within the grace period
        assertThat(watch.late()).isEmpty();
        clock.set(T0.plus(Duration.ofHours(24)).plusSeconds(10 * 60));
        watch.check();
        watch.check();
        clock.set(clock.instant().plusSeconds(3600));
        watch.check();
        assertThat(raised).extracting(ServerAlert::kind).containsExactly(ServerAlertKind.OVERDUE);
        assertThat(raised.get(0).clientId()).isEqualTo("c1");
        assertThat(raised.get(0).configName()).isEqualTo("main");
        assertThat(watch.late()).singleElement().satisfies(late -> {
            assertThat(late.lastCompleted()).isEqualTo(T0);
            assertThat(late.dueSince()).isEqualTo(T0.plus(Duration.ofHours(24)));
            assertThat(late.alerted()).isTrue();
        });

        completed("c1", "main", clock.instant());
        watch.check();
        watch.check();
        assertThat(raised).extracting(ServerAlert::kind)
                .containsExactly(ServerAlertKind.OVERDUE, ServerAlertKind.BACK_TO_NORMAL);
        assertThat(watch.late()).isEmpty();
    }

    @Test
    void aRestartNeitherRepeatsNorForgetsTheAlert() {
        List<Expectation> configured = List.of(new Expectation("c2", "nightly", Duration.ofHours(1), "server.properties"));
        watch(configured).check(); // the clock of a configuration with no backup starts here
        clock.set(T0.plus(Duration.ofMinutes(71)));
        watch(configured).check();
        assertThat(raised).extracting(ServerAlert::kind).containsExactly(ServerAlertKind.OVERDUE);

        OverdueWatch restarted = new OverdueWatch(new OverdueStore(db), configured, Duration.ofMinutes(10), raised::add,
                clock);
        restarted.check();
        assertThat(raised).hasSize(1);
        completed("c2", "nightly", clock.instant());
        restarted.check();
        assertThat(raised).extracting(ServerAlert::kind)
                .containsExactly(ServerAlertKind.OVERDUE, ServerAlertKind.BACK_TO_NORMAL);
    }

    @Test
    void whatTheClientSentWinsOverTheConfiguredInterval() {
        store.expect("c1", "main", Duration.ofDays(7), T0);
        completed("c1", "main", T0);
        OverdueWatch watch = watch(List.of(new Expectation("c1", "main", Duration.ofHours(1), "server.properties")));
        clock.set(T0.plus(Duration.ofDays(2)));
        watch.check();
        assertThat(raised).isEmpty();
        assertThat(store.expectations(List.of())).singleElement()
                .satisfies(e -> assertThat(e.source()).isEqualTo("client"));
    }

    @Test
    void aConfigurationWithoutSchedulesIsNoLongerWatched() {
        store.expect("c1", "main", Duration.ofHours(1), T0);
        store.expect("c1", "other", Duration.ofHours(1), T0);
        watch(List.of()).check(); // both watched from T0
        store.forget("c1", "main");
        clock.set(T0.plus(Duration.ofHours(3)));
        watch(List.of()).check();
        assertThat(raised).extracting(ServerAlert::configName).containsExactly("other");
    }

    @Test
    void configuredExpectationsParse() {
        assertThat(ConfiguredExpectations.parse(" web-1/nightly=24h, db-2/main = 7d,c3/x=1h30m"))
                .extracting(Expectation::clientId, Expectation::configName, Expectation::interval)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web-1", "nightly", Duration.ofHours(24)),
                        org.assertj.core.groups.Tuple.tuple("db-2", "main", Duration.ofDays(7)),
                        org.assertj.core.groups.Tuple.tuple("c3", "x", Duration.ofMinutes(90)));
        assertThat(ConfiguredExpectations.parse("")).isEmpty();
        assertThatThrownBy(() -> ConfiguredExpectations.parse("web-1=24h")).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> ConfiguredExpectations.parse("a/b=0")).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> ConfiguredExpectations.parse("a/b=1h,a/b=2h")).isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> ConfiguredExpectations.parse("a/b=soon")).isInstanceOf(InvalidSettingException.class);
    }
}
