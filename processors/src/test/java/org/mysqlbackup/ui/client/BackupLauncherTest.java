package org.mysqlbackup.ui.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.RunOwner;
import org.mysqlbackup.schedule.SchedulePauses;
import org.mysqlbackup.schedule.ScheduledRunGuard;

class BackupLauncherTest {
    @TempDir
    Path temp;

    private ConsoleFixture fixture;
    private BackupLogStore log;
    private SchedulePauses pauses;
    private ScheduledRunGuard guard;
    private BackupLauncher launcher;

    @BeforeEach
    void open() {
        fixture = new ConsoleFixture(temp);
        fixture.add("sales", "3308");
        log = new BackupLogStore(fixture.db, Clock.systemUTC());
        pauses = new SchedulePauses(temp.resolve("pauses"), Clock.systemUTC());
        guard = new ScheduledRunGuard(new ActiveRuns(), pauses);
        launcher = new BackupLauncher(guard, pauses, log, fixture.catalog::find, "main");
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aSecondRunOfOneConfigurationIsRefusedUntilTheFirstIsReleased() {
        assertThat(launcher.claim("sales", "alice").message()).isEqualTo("backup of 'sales' started");
        assertThatThrownBy(() -> launcher.claim("sales", "bob")).isInstanceOf(IllegalStateException.class)
                .hasMessage("a backup of 'sales' is running already in this client: wait for it to end, or cancel it");
        assertThat(guard.tryClaim("sales")).as("a schedule firing now is skipped too").isFalse();
        assertThat(launcher.claim("main", "bob").configuration()).as("another configuration may run").isEqualTo("main");

        launcher.release("sales");
        assertThat(launcher.claim("sales", "bob").requestedBy()).isEqualTo("bob");
    }

    @Test
    void aRunningBackupOfAnotherProcessIsRefusedAndLeavesNoClaim() {
        BackupRun run = new BackupRun("sales", Instant.now());
        run.logId(log.start(run, RunOwner.current()));

        assertThatThrownBy(() -> launcher.claim("sales", "alice")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(backup " + run.logId() + ", process " + ProcessHandle.current().pid() + ")");
        assertThat(guard.tryClaim("sales")).isTrue();
    }

    @Test
    void unknownInactiveAndPausedConfigurationsAreRefused() throws Exception {
        assertThatThrownBy(() -> launcher.claim("nosuch", "alice")).isInstanceOf(NoSuchElementException.class);
        fixture.catalog.update(fixture.catalog.require("sales").active(false));
        assertThatThrownBy(() -> launcher.claim("sales", "alice")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inactive");
        try (SchedulePauses.Pause pause = pauses.pause("main", "restore in place of backup 3")) {
            assertThatThrownBy(() -> launcher.claim("main", "alice")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("paused by").hasMessageContaining("restore in place of backup 3");
        }
        assertThat(guard.tryClaim("sales")).isTrue();
    }

    @Test
    void cancelAsksTheRunningBackupOnceAndRefusesAnEndedOne() {
        BackupRun run = new BackupRun("sales", Instant.now());
        run.logId(log.start(run, RunOwner.current()));

        assertThat(launcher.cancel(run.logId(), "alice").id()).isEqualTo(run.logId());
        assertThat(log.cancelRequests()).containsEntry(run.logId(), "cancelled from the console by alice");
        assertThatThrownBy(() -> launcher.cancel(run.logId(), "bob")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> launcher.cancel(run.logId() + 1, "bob")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void cancelOfABackupWhoseProcessDiedIsRefused() {
        BackupRun run = new BackupRun("sales", Instant.now());
        run.logId(log.start(run, new RunOwner(Long.MAX_VALUE - 1, null)));

        assertThatThrownBy(() -> launcher.cancel(run.logId(), "alice")).isInstanceOf(IllegalStateException.class)
                .hasMessage("backup " + run.logId() + " is not running (Failed)");
        assertThat(log.cancelRequests()).isEmpty();
    }
}
