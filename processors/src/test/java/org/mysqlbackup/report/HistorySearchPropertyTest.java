package org.mysqlbackup.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.db.Times;

/**
 * Seed property 16: every backup row stored in the client database and then searched comes back
 * with all its metadata, exactly when the filter (start time period, statuses, configuration,
 * limit) selects it, newest first; the CSV and JSON exports carry the same values.
 */
class HistorySearchPropertyTest {

    @Property(tries = 150, seed = "1618033988749894848")
    void searchReturnsExactlyTheMatchingRowsWithAllTheirMetadata(
            @ForAll("histories") List<LoggedBackup> backups, @ForAll("filters") HistoryFilter filter) throws Exception {
        try (ClientHistoryDatabase db = new ClientHistoryDatabase(backups)) {
            List<BackupLogRow> found = new BackupHistory(db.dataSource()).search(filter);

            List<BackupLogRow> expected = expected(backups, filter);
            assertThat(found).isEqualTo(expected);

            StringWriter json = new StringWriter();
            HistoryWriter.json(found, json);
            assertThat(JsonMapper.builder().build().readValue(json.toString(), BackupLogRow[].class))
                    .containsExactlyElementsOf(expected);

            StringWriter csv = new StringWriter();
            HistoryWriter.csv(found, csv);
            List<Map<String, String>> lines = readCsv(csv.toString());
            assertThat(lines).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(lines.get(i)).isEqualTo(csvLine(expected.get(i)));
            }
        }
    }

    @Property(tries = 100, seed = "2718281828459045235")
    void everyStoredRowIsFoundByItsOwnStartTimeStatusAndConfiguration(@ForAll("histories") List<LoggedBackup> backups) throws Exception {
        try (ClientHistoryDatabase db = new ClientHistoryDatabase(backups)) {
            BackupHistory history = new BackupHistory(db.dataSource());
            for (int i = 0; i < backups.size(); i++) {
                LoggedBackup b = backups.get(i);
                Instant start = b.startTime();
                List<BackupLogRow> found = history.search(new HistoryFilter(new Period(start, start.plusMillis(1)),
                        Set.of(b.status()), b.configName(), 0));
                assertThat(found).contains(b.row(i + 1));
                assertThat(found).allSatisfy(r -> assertThat(r.startTime()).isEqualTo(Times.format(start)));
            }
        }
    }

    @Property(tries = 100, seed = "1414213562373095049")
    void theTableHasAHeaderAndOneLinePerBackupWhateverTheValuesHold(@ForAll("histories") List<LoggedBackup> backups) {
        List<BackupLogRow> rows = new ArrayList<>();
        for (int i = 0; i < backups.size(); i++) {
            rows.add(backups.get(i).row(i + 1));
        }
        StringWriter table = new StringWriter();
        HistoryWriter.table(rows, table);
        List<String> lines = table.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("STATUS");
        if (rows.isEmpty()) {
            assertThat(lines).hasSize(2);
            return;
        }
        assertThat(lines).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(lines.get(i + 1)).startsWith(rows.get(i).id() + " ").contains(rows.get(i).startTime())
                    .contains(rows.get(i).status().name());
        }
    }

    static List<BackupLogRow> expected(List<LoggedBackup> backups, HistoryFilter filter) {
        List<BackupLogRow> rows = new ArrayList<>();
        for (int i = 0; i < backups.size(); i++) {
            LoggedBackup b = backups.get(i);
            boolean inPeriod = (filter.period().from() == null || !b.startTime().isBefore(filter.period().from()))
                    && (filter.period().to() == null || b.startTime().isBefore(filter.period().to()));
            if (inPeriod && (filter.statuses().isEmpty() || filter.statuses().contains(b.status()))
                    && (filter.config() == null || filter.config().equals(b.configName()))) {
                rows.add(b.row(i + 1));
            }
        }
        rows.sort(Comparator.comparing((BackupLogRow r) -> Instant.parse(r.startTime()))
                .thenComparingLong(BackupLogRow::id).reversed());
        return filter.limit() > 0 && rows.size() > filter.limit() ? rows.subList(0, filter.limit()) : rows;
    }

    static List<Map<String, String>> readCsv(String text) throws Exception {
        List<Map<String, String>> lines = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            while (it.hasNext()) {
                lines.add(it.next());
            }
        }
        return lines;
    }

    private static Map<String, String> csvLine(BackupLogRow r) {
        Object[] values = {r.id(), r.configName(), r.startTime(), r.endTime(), r.status(), r.step(), r.filePath(),
            r.fileName(), r.fileSize(), r.sha256(), r.errorMessage(), r.resumeToken(), r.downtimeMs(), r.durationMs(),
            r.mysqlRunningAfter(), r.localFile(), r.md5(), r.chunkSize(), r.bytesTransferred(), r.transferRate(),
            r.updatedAt(), r.snapshotMethod(), r.cancelRequested(), r.triggeredBy()};
        Map<String, String> line = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            line.put(HistoryWriter.CSV_COLUMNS.get(i), values[i] == null ? "" : values[i].toString());
        }
        return line;
    }

    @Provide
    Arbitrary<List<LoggedBackup>> histories() {
        return Histories.histories(25);
    }

    @Provide
    Arbitrary<HistoryFilter> filters() {
        return Combinators.combine(periods(), Arbitraries.of(BackupStatus.class).set().ofMaxSize(3),
                Arbitraries.of(Histories.CONFIGS).injectNull(0.5), Arbitraries.integers().between(0, 12))
                .as(HistoryFilter::new);
    }

    /** Open or closed bounds, often on a millisecond shared with a row, sometimes with a finer fraction. */
    static Arbitrary<Period> periods() {
        Arbitrary<Instant> bound = Combinators.combine(Histories.times(), Arbitraries.of(0L, 0L, 1L, 999_999L, -1L))
                .as((t, nanos) -> t.plusNanos(nanos)).injectNull(0.25);
        return Combinators.combine(bound, bound).as((a, b) -> {
            if (a != null && b != null && b.isBefore(a)) {
                return new Period(b, a);
            }
            return new Period(a, b);
        });
    }
}
