package org.mysqlbackup.ui.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.report.ClientHistoryDatabase;
import org.mysqlbackup.report.HistoryWriter;
import org.mysqlbackup.report.LocalHistory;
import org.mysqlbackup.report.LoggedBackup;
import org.mysqlbackup.report.Period;

class HistoryBrowserTest {
    private static final Instant T = Instant.parse("2026-11-01T02:00:00Z");

    private static LoggedBackup logged(String config, Instant start, BackupStatus status) {
        return new LoggedBackup(config, start, status.isFinal() ? start.plusSeconds(30) : null, status, "cleanup", null,
                null, 1000L, null, null, null, null, null, null, null, null, null, null, null, start, List.of());
    }

    @Test
    void theFiltersSelectWhatHistorySelectsAsItsJson() throws Exception {
        try (ClientHistoryDatabase db = new ClientHistoryDatabase(List.of(
                logged("sales", T, BackupStatus.Completed),
                logged("sales", T.plusSeconds(86_400), BackupStatus.Failed),
                // its process is gone: Failed as history shows it
                logged("sales", T.plusSeconds(2 * 86_400), BackupStatus.Transferring),
                logged("main", T.plusSeconds(2 * 86_400), BackupStatus.Completed)))) {
            new Sql(db.dataSource(), "test").update("UPDATE BackupLogs SET OwnerPid = ? WHERE Id = 3",
                    Long.MAX_VALUE - 1);
            LocalHistory history = new LocalHistory(db.dataSource(), "main");
            HistoryBrowser browser = new HistoryBrowser(history);

            List<Map<String, Object>> failed = browser.search("2026-11-02", "", "failed", "sales", "");
            assertThat(failed).extracting(row -> row.get("id")).containsExactly(3L, 2L);
            assertThat(failed).extracting(row -> row.get("status")).containsOnly("Failed");

            StringWriter cli = new StringWriter();
            var rows = history.search(new Period(Instant.parse("2026-11-02T00:00:00Z"), null), java.util.Set.of(
                    BackupStatus.Failed), "sales", 100);
            HistoryWriter.json(rows, history.drills(rows), cli);
            ObjectMapper json = new ObjectMapper();
            assertThat(json.writeValueAsString(failed))
                    .isEqualTo(json.writeValueAsString(json.readTree(cli.toString())));

            assertThat(browser.search(null, null, null, null, "1")).hasSize(1);
            assertThat(browser.search(null, "2026-11-01", "Completed", null, "0")).extracting(row -> row.get("id"))
                    .containsExactly(1L);
        }
    }

    @Test
    void badFiltersAreRefusedNamingTheField() throws Exception {
        try (ClientHistoryDatabase db = new ClientHistoryDatabase(
                List.of(logged("sales", T, BackupStatus.Completed)))) {
            HistoryBrowser browser = new HistoryBrowser(new LocalHistory(db.dataSource(), "main"));
            assertThatThrownBy(() -> browser.search(null, null, null, "nosuch", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("configuration: no configuration or recorded backup is named 'nosuch';"
                            + " known: main, sales");
            assertThatThrownBy(() -> browser.search(null, null, "Done", null, null))
                    .hasMessageStartingWith("status: 'Done' is not one of");
            assertThatThrownBy(() -> browser.search("yesterday", null, null, null, null))
                    .hasMessageStartingWith("from: 'yesterday' is not a date");
            assertThatThrownBy(() -> browser.search(null, null, null, null, "-1")).hasMessageStartingWith("limit:");
        }
    }
}
