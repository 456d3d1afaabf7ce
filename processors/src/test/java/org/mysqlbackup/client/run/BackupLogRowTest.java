package org.mysqlbackup.client.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A history row as it is seen now: a finished row is what it says whatever became of its process;
 * an unfinished row whose process is gone (exited, or its pid reused) is shown Failed at its step;
 * a row of a process that still runs is shown as it is.
 */
class BackupLogRowTest {
    private static long exitedPid;

    @BeforeAll
    static void startAndEndAProcess() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        exitedPid = child.pid();
    }

    private static BackupLogRow row(BackupStatus status, String step, Long ownerPid, String ownerStartedAt) {
        return new BackupLogRow(17, "main", "2026-04-01T02:00:00Z", null, status, step, "/remote/main.zip",
                "main.zip", 2048L, "ab".repeat(32), null, "token-1", 4500L, 60_000L, Boolean.TRUE,
                "/var/lib/mysql-backup/work/main.zip", "cd".repeat(16), 65536, 1024L, 512L, "2026-04-01T02:01:00Z", "zip",
                "user: cancel", "manual", ownerPid,
                ownerStartedAt, "/var/lib/mysql-backup/work/main-17");
    }

    private static BackupLogRow ofThisProcess(BackupStatus status, String step) {
        RunOwner current = RunOwner.current();
        return row(status, step, current.pid(), current.startedAt() == null ? null : current.startedAt().toString());
    }

    private static EnumSet<BackupStatus> unfinished() {
        EnumSet<BackupStatus> statuses = EnumSet.allOf(BackupStatus.class);
        statuses.removeIf(BackupStatus::isFinal);
        return statuses;
    }

    @Test
    void aFinalRowIsNeverDeadWhateverBecameOfItsProcess() {
        for (BackupStatus status : List.of(BackupStatus.Completed, BackupStatus.Failed, BackupStatus.Cancelled)) {
            for (BackupLogRow row : List.of(row(status, "cleanup", exitedPid, null), row(status, "cleanup", null, null),
                    ofThisProcess(status, "cleanup"))) {
                assertThat(row.isDead()).as("%s owned by %s", status, row.ownerPid()).isFalse();
                assertThat(row.asSeenNow()).isSameAs(row);
            }
        }
    }

    @Test
    void anUnfinishedRowWhoseProcessExitedIsShownFailedAtItsStep() {
        for (BackupStatus status : unfinished()) {
            BackupLogRow row = row(status, "transfer", exitedPid, null);

            BackupLogRow seen = row.asSeenNow();

            assertThat(row.isDead()).as("%s", status).isTrue();
            assertThat(seen.status()).isEqualTo(BackupStatus.Failed);
            assertThat(seen.errorMessage()).startsWith("the client process ended during transfer");
            assertThat(seen).usingRecursiveComparison().ignoringFields("status", "errorMessage").isEqualTo(row);
            assertThat(seen.isDead()).as("once shown Failed it is final").isFalse();
            assertThat(row.status()).as("the row itself is left as it was").isEqualTo(status);
        }
    }

    @Test
    void aRowOfAProcessThatStillRunsIsShownAsItIs() {
        for (BackupStatus status : unfinished()) {
            BackupLogRow row = ofThisProcess(status, "snapshot");

            assertThat(row.isDead()).as("%s", status).isFalse();
            assertThat(row.asSeenNow()).isSameAs(row);
        }
    }

    @Test
    void aRowOfAReusedPidIsDead() {
        RunOwner current = RunOwner.current();
        assumeThat(current.startedAt()).isNotNull();
        BackupLogRow row = row(BackupStatus.Transferring, "transfer", current.pid(),
                current.startedAt().minusSeconds(86_400).toString());

        assertThat(row.isDead()).isTrue();
        assertThat(row.asSeenNow().status()).isEqualTo(BackupStatus.Failed);
    }

    @Test
    void anUnfinishedRowWithoutAnOwnerCountsAsDead() {
        BackupLogRow row = row(BackupStatus.Compressing, "snapshot", null, null);

        assertThat(row.owner()).isEmpty();
        assertThat(row.isDead()).isTrue();
        assertThat(row.asSeenNow().status()).isEqualTo(BackupStatus.Failed);
        assertThat(row.asSeenNow().errorMessage()).startsWith("the client process ended during snapshot");
    }

    @Test
    void theOwnerIsReadFromThePidAndStartTime() {
        Instant started = Instant.parse("2026-04-01T01:59:58Z");

        assertThat(row(BackupStatus.Queued, "pre-flight", 99L, started.toString()).owner())
                .contains(new RunOwner(99, started));
        assertThat(row(BackupStatus.Queued, "pre-flight", 99L, null).owner()).contains(new RunOwner(99, null));
    }

    @Test
    void theGuardsFieldsStayOutOfTheHistorysJson() {
        BackupLogRow row = row(BackupStatus.Transferring, "transfer", exitedPid, "2026-04-01T01:59:58Z");

        JsonNode json = new ObjectMapper().valueToTree(row);

        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).doesNotContain("ownerPid", "ownerStartedAt", "workPrefix", "owner", "dead")
                .contains("id", "configName", "status", "step", "errorMessage", "downtimeMs");
    }
}
