package org.mysqlbackup.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.db.Times;

/**
 * Seed property 18: for any history and any period (open or closed, empty, bounds on a row's
 * start time or a nanosecond off it), the report's CSV and JSON both read back to the figures
 * of an independent fold over the generated backups: counts by status, bytes of the completed
 * ones, total, mean and longest duration and downtime (nulls skipped), first and last start, per
 * configuration and in total.
 */
class PeriodReportPropertyTest {

    @Property(tries = 150, seed = "3141592653589793238")
    void csvAndJsonMatchAFoldOverTheBackupsOfThePeriod(@ForAll("histories") List<LoggedBackup> backups,
                                                       @ForAll("periods") Period period,
                                                       @ForAll("configs") String config) throws Exception {
        try (ClientHistoryDatabase db = new ClientHistoryDatabase(backups)) {
            PeriodReport report = new PeriodReporter(db.dataSource()).report(period, config);
            check(report, backups, period, config);
        }
    }

    @Example
    void anEmptyHistoryGivesATotalOfZeroAndNoConfigurations() throws Exception {
        try (ClientHistoryDatabase db = new ClientHistoryDatabase(List.of())) {
            Period period = new Period(Histories.EPOCH, Histories.EPOCH.plusSeconds(86_400));
            PeriodReport report = new PeriodReporter(db.dataSource()).report(period, null);
            assertThat(report.configurations()).isEmpty();
            assertThat(report.total().count()).isZero();
            assertThat(report.total().avgDurationMs()).isNull();
            check(report, List.of(), period, null);
        }
    }

    private static void check(PeriodReport report, List<LoggedBackup> backups, Period period, String config)
            throws Exception {
        Map<String, Map<String, String>> expected = fold(backups, period, config);

        StringWriter csv = new StringWriter();
        ReportWriter.csv(report, csv);
        List<Map<String, String>> lines = HistorySearchPropertyTest.readCsv(csv.toString());
        Map<String, Map<String, String>> fromCsv = new TreeMap<>();
        for (Map<String, String> line : lines) {
            assertThat(line.keySet()).containsExactlyInAnyOrderElementsOf(ReportWriter.CSV_COLUMNS);
            assertThat(line.get("from")).isEqualTo(period.from() == null ? "" : period.from().toString());
            assertThat(line.get("to")).isEqualTo(period.to() == null ? "" : period.to().toString());
            Map<String, String> figures = new HashMap<>(line);
            String key = figures.remove("scope").equals("total") ? TOTAL : figures.get("configuration");
            figures.remove("configuration");
            figures.remove("from");
            figures.remove("to");
            assertThat(fromCsv.put(key, figures)).as("one line for %s", key).isNull();
        }
        assertThat(lines.get(lines.size() - 1).get("scope")).isEqualTo("total");
        assertThat(fromCsv).isEqualTo(expected);

        StringWriter json = new StringWriter();
        ReportWriter.json(report, json);
        JsonNode document = JsonMapper.builder().build().readTree(json.toString());
        assertThat(document.get("from").isNull() ? null : Instant.parse(document.get("from").asText())).isEqualTo(period.from());
        assertThat(document.get("to").isNull() ? null : Instant.parse(document.get("to").asText())).isEqualTo(period.to());
        Map<String, Map<String, String>> fromJson = new TreeMap<>();
        for (JsonNode c : document.get("configurations")) {
            fromJson.put(c.get("configuration").asText(), jsonFigures(c));
        }
        assertThat(document.get("total").get("configuration").isNull()).isTrue();
        fromJson.put(TOTAL, jsonFigures(document.get("total")));
        assertThat(fromJson).isEqualTo(expected);
        List<String> order = new ArrayList<>();
        document.get("configurations").forEach(c -> order.add(c.get("configuration").asText()));
        assertThat(order).as("configurations by name").isSorted();
    }

    /** Sorts after every generated configuration name. */
    private static final String TOTAL = "\uFFFF total";

    /** The expected figures, keyed by configuration (and TOTAL), as CSV column name to text. */
    static Map<String, Map<String, String>> fold(List<LoggedBackup> backups, Period period, String config) {
        Map<String, List<LoggedBackup>> groups = new TreeMap<>();
        List<LoggedBackup> all = new ArrayList<>();
        for (LoggedBackup b : backups) {
            boolean inPeriod = (period.from() == null || !b.startTime().isBefore(period.from()))
                    && (period.to() == null || b.startTime().isBefore(period.to()));
            if (inPeriod && (config == null || config.equals(b.configName()))) {
                groups.computeIfAbsent(b.configName(), k -> new ArrayList<>()).add(b);
                all.add(b);
            }
        }
        Map<String, Map<String, String>> figures = new TreeMap<>();
        groups.forEach((name, list) -> figures.put(name, figures(list)));
        figures.put(TOTAL, figures(all));
        return figures;
    }

    private static Map<String, String> figures(List<LoggedBackup> list) {
        Map<String, String> f = new HashMap<>();
        f.put("count", Integer.toString(list.size()));
        f.put("completed", Long.toString(list.stream().filter(b -> b.status() == BackupStatus.Completed).count()));
        f.put("failed", Long.toString(list.stream().filter(b -> b.status() == BackupStatus.Failed).count()));
        f.put("cancelled", Long.toString(list.stream().filter(b -> b.status() == BackupStatus.Cancelled).count()));
        f.put("unfinished", Long.toString(list.stream().filter(b -> !b.finished()).count()));
        long bytes = 0;
        for (LoggedBackup b : list) {
            if (b.status() == BackupStatus.Completed && b.fileSize() != null) {
                bytes += b.fileSize();
            }
        }
        f.put("bytes", Long.toString(bytes));
        stats(f, "duration", list.stream().map(LoggedBackup::durationMs).toList());
        stats(f, "downtime", list.stream().map(LoggedBackup::downtimeMs).toList());
        Instant first = list.stream().map(LoggedBackup::startTime).min(Instant::compareTo).orElse(null);
        Instant last = list.stream().map(LoggedBackup::startTime).max(Instant::compareTo).orElse(null);
        f.put("first_start", first == null ? "" : Times.format(first));
        f.put("last_start", last == null ? "" : Times.format(last));
        return f;
    }

    private static void stats(Map<String, String> f, String what, List<Long> values) {
        List<Long> present = values.stream().filter(v -> v != null).toList();
        long total = present.stream().mapToLong(Long::longValue).sum();
        f.put("total_" + what + "_ms", Long.toString(total));
        f.put("avg_" + what + "_ms", present.isEmpty() ? ""
                : BigDecimal.valueOf(total).divide(BigDecimal.valueOf(present.size()), 0, RoundingMode.HALF_UP).toString());
        f.put("max_" + what + "_ms", present.isEmpty() ? ""
                : Long.toString(present.stream().mapToLong(Long::longValue).max().getAsLong()));
    }

    private static Map<String, String> jsonFigures(JsonNode node) {
        String[][] names = {{"count", "count"}, {"completed", "completed"}, {"failed", "failed"},
            {"cancelled", "cancelled"}, {"unfinished", "unfinished"}, {"bytes", "bytes"},
            {"total_duration_ms", "totalDurationMs"}, {"avg_duration_ms", "avgDurationMs"},
            {"max_duration_ms", "maxDurationMs"}, {"total_downtime_ms", "totalDowntimeMs"},
            {"avg_downtime_ms", "avgDowntimeMs"}, {"max_downtime_ms", "maxDowntimeMs"},
            {"first_start", "firstStart"}, {"last_start", "lastStart"}};
        Map<String, String> f = new HashMap<>();
        for (String[] name : names) {
            JsonNode value = node.get(name[1]);
            assertThat(value).as(name[1]).isNotNull();
            f.put(name[0], value.isNull() ? "" : value.asText());
        }
        return f;
    }

    @Provide
    Arbitrary<List<LoggedBackup>> histories() {
        return Histories.histories(30);
    }

    @Provide
    Arbitrary<Period> periods() {
        return HistorySearchPropertyTest.periods();
    }

    @Provide
    Arbitrary<String> configs() {
        return Arbitraries.of(Histories.CONFIGS).injectNull(0.6);
    }
}
