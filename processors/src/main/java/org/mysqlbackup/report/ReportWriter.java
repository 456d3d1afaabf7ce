package org.mysqlbackup.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Writes a {@link PeriodReport} as CSV (one line per configuration, then a line with scope
 * {@code total}; an empty field is a figure that does not exist, such as the mean of no
 * durations) or as one JSON document.
 */
public final class ReportWriter {
    /** The CSV header, in order; JSON uses the camelCase names of {@link ConfigSummary}. */
    public static final List<String> CSV_COLUMNS = List.of("scope", "configuration", "from", "to", "count",
            "completed", "failed", "cancelled", "unfinished", "bytes", "total_duration_ms", "avg_duration_ms",
            "max_duration_ms", "total_downtime_ms", "avg_downtime_ms", "max_downtime_ms", "first_start", "last_start");

    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {
    }

    public static void csv(PeriodReport report, Writer out) throws IOException {
        List<Object[]> lines = new ArrayList<>();
        report.configurations().forEach(c -> lines.add(line("configuration", report, c)));
        lines.add(line("total", report, report.total()));
        writeCsv(CSV_COLUMNS, lines, out);
    }

    /** The header, then the lines; the header is written even when there are no lines. */
    static void writeCsv(List<String> columns, List<Object[]> lines, Writer out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(false);
        columns.forEach(schema::addColumn);
        List<Object[]> all = new ArrayList<>();
        all.add(columns.toArray());
        all.addAll(lines);
        new CsvMapper().writer(schema.build()).writeValues(new NonClosingWriter(out)).writeAll(all).close();
        out.flush();
    }

    public static void json(PeriodReport report, Writer out) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("from", text(report.from()));
        document.put("to", text(report.to()));
        document.put("config", report.config());
        document.put("configurations", report.configurations());
        document.put("total", report.total());
        JSON.writeValue(new NonClosingWriter(out), document);
        out.write(System.lineSeparator());
        out.flush();
    }

    /**
     * A CSV field: null as an empty field. (Jackson's CSV writer drops a null element of an array
     * instead of writing an empty field, which would shift the columns after it.)
     */
    static String field(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Object[] line(String scope, PeriodReport report, ConfigSummary c) {
        return java.util.Arrays.stream(new Object[] {scope, c.configuration(), text(report.from()), text(report.to()), c.count(),
            c.completed(), c.failed(), c.cancelled(), c.unfinished(), c.bytes(), c.totalDurationMs(),
            c.avgDurationMs(), c.maxDurationMs(), c.totalDowntimeMs(), c.avgDowntimeMs(), c.maxDowntimeMs(),
            c.firstStart(), c.lastStart()}).map(ReportWriter::field).toArray();
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
