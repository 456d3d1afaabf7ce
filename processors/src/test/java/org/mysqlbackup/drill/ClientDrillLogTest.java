package org.mysqlbackup.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.report.BackupHistory;
import org.mysqlbackup.report.HistoryFilter;
import org.mysqlbackup.report.HistoryWriter;

/** A client's drill is linked to its history row by the backup's SHA-256, and history shows the last one. */
class ClientDrillLogTest {
    private static final Instant NOW = Instant.parse("2026-12-04T06:00:00Z");

    @TempDir
    Path temp;
    private DataSource db;
    private Sql sql;
    private ClientDrillLog log;

    @BeforeEach
    void setUp() {
        db = TestDatabases.migrated(temp.resolve("client.db"), "client");
        sql = new Sql(db, "test");
        log = new ClientDrillLog(db, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private long backup(String sha256) {
        return sql.insert("INSERT INTO BackupLogs (StartTime, Status, ConfigName, FileName, FileSize, Sha256)"
                + " VALUES ('2026-12-04T02:00:00Z', 'Completed', 'main', 'db-1_main.zip', 1024, ?)", sha256);
    }

    private static DrillResult result(DrillOutcome outcome, List<TableProblem> problems) {
        return new DrillResult(outcome, true, 5, problems, null, DrillTimings.NONE);
    }

    @Test
    void aDrillIsLinkedByShaAndTheLastOneIsShown() {
        long first = backup("ab12");
        long second = backup("cd34");
        assertThat(log.record("AB12", 7L, "main", "server", result(DrillOutcome.FAILED,
                List.of(new TableProblem("shop", "orders", "CHECK TABLE: Corrupt"))))).contains(first);
        assertThat(log.record("ab12", 7L, "main", "server", result(DrillOutcome.PASSED, List.of()))).contains(first);
        assertThat(log.record("ffff", null, "main", "file", result(DrillOutcome.PASSED, List.of())))
                .as("a file this client has no history of").isEmpty();

        Map<Long, ClientDrillLog.LastDrill> last = log.lastOf(List.of(first, second));
        assertThat(last).containsOnlyKeys(first);
        assertThat(last.get(first).result()).isEqualTo("passed");
        assertThat(last.get(first).drilledAt()).isEqualTo(NOW.toString());
    }

    @Test
    void historyShowsTheDrillColumnAndAFailuresReason() throws java.io.IOException {
        long drilled = backup("ab12");
        backup("cd34");
        log.record("ab12", 7L, "main", "server", result(DrillOutcome.FAILED,
                List.of(new TableProblem("shop", "orders", "CHECK TABLE: Corrupt"))));
        var rows = new BackupHistory(db).search(HistoryFilter.all());
        StringWriter out = new StringWriter();
        HistoryWriter.table(rows, log.lastOf(rows.stream().map(r -> r.id()).toList()), out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).contains("DOWNTIME  DRILL").endsWith("DETAIL");
        assertThat(lines).filteredOn(l -> l.startsWith(drilled + " ")).singleElement().asString()
                .contains("failed").contains("drill failed: 1 of 5 tables failed: shop.orders: CHECK TABLE: Corrupt");
        assertThat(lines).filteredOn(l -> !l.startsWith(drilled + " ") && !l.startsWith("ID")).singleElement().asString()
                .contains(" - ").endsWith("db-1_main.zip");

        StringWriter json = new StringWriter();
        HistoryWriter.json(rows, log.lastOf(rows.stream().map(r -> r.id()).toList()), json);
        String compact = json.toString().replaceAll("\\s", "");
        assertThat(compact).contains("\"drillResult\":\"failed\"").contains("\"drillResult\":null")
                .contains("\"drilledAt\":\"" + NOW + "\"").contains("\"configName\":\"main\"");
    }
}
