package org.mysqlbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.run.Archive;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.client.run.Outcome;
import org.mysqlbackup.events.BackupEvent;
import org.mysqlbackup.events.BackupEvents;

/** The client's events carry what the history records of the same moment. */
class ClientEventsTest {
    private static final Instant START = Instant.parse("2026-12-07T02:00:00Z");

    private final BackupEvents publisher = new BackupEvents(100, "client");
    private final List<BackupEvent> seen = new CopyOnWriteArrayList<>();
    private final ClientEvents events = new ClientEvents(publisher, "db1",
            Clock.fixed(START.plusSeconds(9), ZoneOffset.UTC));

    @AfterEach
    void stop() {
        publisher.stop();
    }

    @Test
    void aFailedBackupNamesItsStepReasonAndWhetherMySqlRuns() {
        publisher.subscribe(seen::add);
        publisher.start();
        BackupRun run = new BackupRun("shop", START);
        run.logId(17);
        events.started(run);
        run.step(BackupStep.STOP_MYSQL);
        events.step(run);
        run.end(new Outcome(BackupStatus.Failed, BackupStep.STOP_MYSQL, "MySQL could not be stopped: exit 3",
                START.plusSeconds(8), true));
        events.ended(run);
        publisher.drain(Duration.ofSeconds(5));

        assertThat(seen).extracting(BackupEvent::event).containsExactly("backup.started", "backup.step",
                "backup.failed");
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.side()).isEqualTo("client");
            assertThat(e.host()).isEqualTo("db1");
            assertThat(e.configuration()).isEqualTo("shop");
            assertThat(e.backupId()).isEqualTo(17L);
            assertThat(e.timeText()).isEqualTo("2026-12-07T02:00:09Z");
        });
        assertThat(seen.get(1).step()).isEqualTo("stop-mysql");
        assertThat(seen.get(1).status()).isEqualTo("StoppingMySQL");
        BackupEvent failed = seen.get(2);
        assertThat(failed.status()).isEqualTo("Failed");
        assertThat(failed.step()).isEqualTo("stop-mysql");
        assertThat(failed.reason()).isEqualTo("MySQL could not be stopped: exit 3");
        assertThat(failed.mysqlRunning()).isTrue();
        assertThat(failed.durationMs()).isEqualTo(8000L);
        assertThat(failed.fileName()).isNull();
    }

    @Test
    void aCancelledBackupIsItsOwnEvent() {
        publisher.subscribe(seen::add);
        publisher.start();
        BackupRun run = new BackupRun("shop", START);
        run.logId(19);
        run.end(new Outcome(BackupStatus.Cancelled, BackupStep.SNAPSHOT, "cancelled: by backup-client cancel",
                START.plusSeconds(3), true));
        events.ended(run);
        publisher.drain(Duration.ofSeconds(5));

        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("backup.cancelled");
            assertThat(e.status()).isEqualTo("Cancelled");
            assertThat(e.step()).isEqualTo("snapshot");
            assertThat(e.reason()).isEqualTo("cancelled: by backup-client cancel");
        });
    }

    @Test
    void aCompletedBackupCarriesItsStoredFile() {
        publisher.subscribe(seen::add);
        publisher.start();
        BackupRun run = new BackupRun("shop", START);
        run.logId(18);
        run.archive(Archive.existing(Path.of("/var/lib/mysql-backup/work/x.zip"), 1234, "ab".repeat(32), "cd".repeat(16), true));
        run.delivery(run.delivery().opened("t-18").stored("x.zip", "db1/x.zip"));
        run.end(Outcome.completed(START.plusSeconds(5), true));
        events.ended(run);
        publisher.drain(Duration.ofSeconds(5));

        BackupEvent completed = seen.get(0);
        assertThat(completed.event()).isEqualTo("backup.completed");
        assertThat(completed.fileName()).isEqualTo("db1/x.zip");
        assertThat(completed.sizeBytes()).isEqualTo(1234L);
        assertThat(completed.sha256()).isEqualTo("ab".repeat(32));
        assertThat(completed.transferId()).isEqualTo("t-18");
        assertThat(completed.reason()).isNull();
    }
}
