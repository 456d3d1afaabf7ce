package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * {@code backup-client history} and {@code report}, run through bin/backup-client as an operator
 * runs them, on a client database holding two files really shipped to a server, a failed backup of
 * another configuration and an old one outside the period: the listing, the filters, the CSV and
 * JSON figures, and the errors for bad input.
 */
class HistoryReportIT {

    @Test
    void historyAndReportShowWhatTheClientDatabaseHolds() throws Exception {
        Path work = TestPaths.scratch(HistoryReportIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        BackupSummary first;
        BackupSummary second;
        BackupClientFixture client;
        try (BackupServerFixture server = BackupServerFixture.start(work, certs)) {
            client = new BackupClientFixture(work.resolve("client"), server.port(), certs.properties(certs.client("reporter")));
            first = client.send(RandomFiles.create(work.resolve("a.bin"), 3L << 20, 1));
            second = client.send(RandomFiles.create(work.resolve("b.bin"), (1L << 20) + 17, 2));
        }
        assertThat(first.status()).isEqualTo("Completed");
        assertThat(second.status()).isEqualTo("Completed");
        long failedId;
        long oldId;
        DataSource db = SqliteDatabase.open(client.databaseFile(), Duration.ofSeconds(10));
        try {
            Sql sql = new Sql(db, "client database");
            failedId = sql.insert("INSERT INTO BackupLogs (ConfigName, StartTime, EndTime, Status, Step, ErrorMessage,"
                    + " DowntimeMs, DurationMs, MySqlRunningAfter) VALUES ('nightly', '2026-06-01T02:00:00.000Z',"
                    + " '2026-06-01T02:00:09.000Z', 'Failed', 'snapshot', 'disk full, \"work\" folder', 1500, 9000, 1)");
            oldId = sql.insert("INSERT INTO BackupLogs (ConfigName, StartTime, EndTime, Status, FileSize, DurationMs)"
                    + " VALUES ('it', '2020-01-01T02:00:00.000Z', '2020-01-01T02:01:00.000Z', 'Completed', 99, 60000)");
        } finally {
            ((AutoCloseable) db).close();
        }

        Path historyCsv = work.resolve("out/history.csv");
        run(client, work, "history-csv", 0, "history", "--format", "csv", "--output", historyCsv.toString());
        List<Map<String, String>> rows = csv(historyCsv);
        assertThat(rows).extracting(r -> Long.parseLong(r.get("id")))
                .as("newest first").containsExactly(second.backupId(), first.backupId(), failedId, oldId);
        assertThat(rows.get(0).get("file_size")).isEqualTo(Long.toString(second.bytes()));
        assertThat(rows.get(0).get("file_name")).isEqualTo(second.file());
        assertThat(rows.get(2).get("error_message")).isEqualTo("disk full, \"work\" folder");
        assertThat(rows.get(2).get("downtime_ms")).isEqualTo("1500");
        assertThat(rows.get(0)).as("what started it, how it was captured, a cancel asked for")
                .containsEntry("triggered_by", "manual").containsKeys("snapshot_method", "cancel_requested");
        assertThat(rows.get(2).get("triggered_by")).as("a row from before the column").isEmpty();
        JsonNode historyJson = JsonMapper.builder().build().readTree(run(client, work, "history-json", 0, "history",
                "--format", "json", "--limit", "1"));
        assertThat(historyJson.get(0).get("triggeredBy").asText()).isEqualTo("manual");
        assertThat(historyJson.get(0).has("snapshotMethod")).isTrue();
        assertThat(historyJson.get(0).has("cancelRequested")).isTrue();

        String table = run(client, work, "history-table", 0, "history", "--status", "completed", "--configuration", "it",
                "--from", "2026-01-01");
        assertThat(table).contains("ID").contains("STATUS").contains(second.file()).contains(first.file())
                .doesNotContain("nightly").doesNotContain("2020-01-01");

        Path reportJson = work.resolve("out/report.json");
        run(client, work, "report-json", 0, "report", "--from", "2026-01-01", "--format", "json",
                "--output", reportJson.toString());
        JsonNode report = JsonMapper.builder().build().readTree(reportJson.toFile());
        assertThat(report.get("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
        JsonNode it = report.get("configurations").get(0);
        JsonNode nightly = report.get("configurations").get(1);
        assertThat(it.get("configuration").asText()).isEqualTo("it");
        assertThat(it.get("count").asLong()).isEqualTo(2);
        assertThat(it.get("completed").asLong()).isEqualTo(2);
        assertThat(it.get("bytes").asLong()).isEqualTo(first.bytes() + second.bytes());
        assertThat(it.get("totalDurationMs").asLong()).isEqualTo(first.durationMs() + second.durationMs());
        assertThat(it.get("maxDowntimeMs").isNull()).as("shipping a file stops no MySQL").isTrue();
        assertThat(nightly.get("configuration").asText()).isEqualTo("nightly");
        assertThat(nightly.get("failed").asLong()).isEqualTo(1);
        assertThat(nightly.get("avgDowntimeMs").asLong()).isEqualTo(1500);
        JsonNode total = report.get("total");
        assertThat(total.get("count").asLong()).as("the 2020 backup is outside the period").isEqualTo(3);
        assertThat(total.get("completed").asLong()).isEqualTo(2);
        assertThat(total.get("failed").asLong()).isEqualTo(1);
        assertThat(total.get("totalDowntimeMs").asLong()).isEqualTo(1500);

        Path reportCsv = work.resolve("out/report.csv");
        run(client, work, "report-csv", 0, "report", "--from", "2026-01-01", "--output", reportCsv.toString());
        List<Map<String, String>> lines = csv(reportCsv);
        assertThat(lines).extracting(l -> l.get("scope")).containsExactly("configuration", "configuration", "total");
        Map<String, String> totalLine = lines.get(2);
        assertThat(totalLine.get("count")).isEqualTo("3");
        assertThat(totalLine.get("bytes")).isEqualTo(Long.toString(first.bytes() + second.bytes()));
        assertThat(totalLine.get("total_duration_ms")).isEqualTo(total.get("totalDurationMs").asText());
        assertThat(totalLine.get("first_start")).isEqualTo("2026-06-01T02:00:00.000Z");

        assertThat(run(client, work, "bad-date", 2, "history", "--from", "yesterday"))
                .contains("--from: 'yesterday' is not a date");
        assertThat(run(client, work, "bad-status", 2, "history", "--status", "Done"))
                .contains("--status: 'Done' is not one of");
        assertThat(run(client, work, "no-from", 2, "report")).contains("--from");
        // a configuration name that nothing knows is a typo, not an empty history
        assertThat(run(client, work, "unknown-config", 2, "history", "--configuration", "nosuch"))
                .contains("--configuration: no configuration or recorded backup is named 'nosuch'; known: ")
                .contains("it");
        // the launcher's jar knows its version
        assertThat(run(client, work, "version", 0, "--version")).containsPattern("mysql-backup \\d+\\.\\d+\\.\\d+\\S* "
                + "\\(Camel 4\\.\\d+\\.\\d+, Java 17");
    }

    /** Runs bin/backup-client with {@code args}, expects {@code exitCode}, returns what it printed. */
    private static String run(BackupClientFixture client, Path work, String name, int exitCode, String... args)
            throws Exception {
        try (AppProcess process = AppProcess.start(client.commandLine(args), work.resolve("logs/" + name + ".log"))) {
            int code = process.waitFor(120);
            assertThat(code).as("exit code of %s; output:%n%s", name, process.log()).isEqualTo(exitCode);
            return process.log();
        }
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(Files.readString(file))) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
