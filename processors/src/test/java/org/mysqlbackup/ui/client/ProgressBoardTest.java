package org.mysqlbackup.ui.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.report.ClientHistoryDatabase;
import org.mysqlbackup.report.LoggedBackup;

class ProgressBoardTest {
    private static LoggedBackup logged(String config, Instant start, BackupStatus status, String step, String error) {
        return new LoggedBackup(config, start, start.plusSeconds(30), status, step, null, null, 1000L, null, error,
                null, null, null, null, null, null, null, null, null, start, List.of());
    }

    @Test
    void runningBackupsShowStepAndShareConfirmedAndEndedOnesFollow() throws Exception {
        Instant t = Instant.parse("2026-11-01T02:00:00Z");
        try (ClientHistoryDatabase db = new ClientHistoryDatabase(List.of(
                logged("sales", t, BackupStatus.Completed, "cleanup", null),
                logged("sales", t.plusSeconds(60), BackupStatus.Failed, "transfer", "server unreachable"),
                logged("main", t.plusSeconds(120), BackupStatus.Completed, "cleanup", null)))) {
            Sql sql = new Sql(db.dataSource(), "test");
            // a backup of this very process, transferring: 250 of 1000 bytes confirmed at 50 B/s
            sql.update("UPDATE BackupLogs SET Status = 'Transferring', Step = 'transfer', EndTime = NULL,"
                    + " FileSize = 1000, BytesTransferred = 250, TransferRate = 50, OwnerPid = ? WHERE Id = 3",
                    ProcessHandle.current().pid());
            ProgressBoard board = new ProgressBoard(new BackupLogStore(db.dataSource(), java.time.Clock.systemUTC()), 5,
                    java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(350));

            ProgressBoard.Board now = board.board();
            assertThat(now.running()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo(3);
                assertThat(p.step()).isEqualTo("transfer");
                assertThat(p.percent()).isEqualTo(25.0);
                assertThat(p.etaSeconds()).isEqualTo(15);
                assertThat(p.running()).isTrue();
            });
            assertThat(now.recent()).extracting(ProgressBoard.BackupProgress::id).containsExactly(2L, 1L);
            assertThat(now.recent().get(1).percent()).isEqualTo(100.0);
            assertThat(now.recent().get(0).error()).isEqualTo("server unreachable");

            sql.update("UPDATE BackupLogs SET Status = 'Completed', BytesTransferred = 1000 WHERE Id = 3");
            JsonNode event = new ObjectMapper().readTree(board.event());
            assertThat(event.get("running")).isEmpty();
            assertThat(event.get("recent").get(0).get("percent").asDouble()).isEqualTo(100.0);
            assertThat(event.get("recent").get(0).get("status").asText()).isEqualTo(BackupStatus.Completed.name());

        }
    }
}
