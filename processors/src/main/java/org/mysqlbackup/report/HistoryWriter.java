package org.mysqlbackup.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.drill.ClientDrillLog;

/**
 * Writes history rows as a table for people, or as CSV or JSON with every column of the row
 * (so an export loses nothing the database holds about a backup).
 */
public final class HistoryWriter {
    /** CSV columns and how each is read from a row; JSON uses the component names of {@link BackupLogRow}. */
    private static final List<Column> COLUMNS = List.of(
            new Column("id", BackupLogRow::id),
            new Column("configuration", BackupLogRow::configName),
            new Column("start_time", BackupLogRow::startTime),
            new Column("end_time", BackupLogRow::endTime),
            new Column("status", BackupLogRow::status),
            new Column("step", BackupLogRow::step),
            new Column("file_path", BackupLogRow::filePath),
            new Column("file_name", BackupLogRow::fileName),
            new Column("file_size", BackupLogRow::fileSize),
            new Column("sha256", BackupLogRow::sha256),
            new Column("error_message", BackupLogRow::errorMessage),
            new Column("resume_token", BackupLogRow::resumeToken),
            new Column("downtime_ms", BackupLogRow::downtimeMs),
            new Column("duration_ms", BackupLogRow::durationMs),
            new Column("mysql_running_after", BackupLogRow::mysqlRunningAfter),
            new Column("local_file", BackupLogRow::localFile),
            new Column("md5", BackupLogRow::md5),
            new Column("chunk_size", BackupLogRow::chunkSize),
            new Column("bytes_transferred", BackupLogRow::bytesTransferred),
            new Column("transfer_rate", BackupLogRow::transferRate),
            new Column("updated_at", BackupLogRow::updatedAt),
            new Column("snapshot_method", BackupLogRow::snapshotMethod),
            new Column("cancel_requested", BackupLogRow::cancelRequested),
            new Column("triggered_by", BackupLogRow::triggeredBy));

    public static final List<String> CSV_COLUMNS = COLUMNS.stream().map(Column::name).toList();

    private record Column(String name, Function<BackupLogRow, Object> value) {
    }

    private HistoryWriter() {
    }

    public static void csv(List<BackupLogRow> rows, Writer out) throws IOException {
        List<Object[]> lines = new ArrayList<>();
        for (BackupLogRow row : rows) {
            lines.add(COLUMNS.stream().map(c -> ReportWriter.field(c.value().apply(row))).toArray());
        }
        ReportWriter.writeCsv(CSV_COLUMNS, lines, out);
    }

    /** The CSV of {@link #csv(List, Writer)} with the last drill of each row: drill_result, drill_reason, drilled_at. */
    public static void csv(List<BackupLogRow> rows, Map<Long, ClientDrillLog.LastDrill> drills, Writer out)
            throws IOException {
        List<String> header = new ArrayList<>(CSV_COLUMNS);
        header.addAll(List.of("drill_result", "drill_reason", "drilled_at"));
        List<Object[]> lines = new ArrayList<>();
        for (BackupLogRow row : rows) {
            List<Object> line = new ArrayList<>(COLUMNS.stream().map(c -> ReportWriter.field(c.value().apply(row))).toList());
            ClientDrillLog.LastDrill drill = drills.get(row.id());
            line.add(drill == null ? null : drill.result());
            line.add(drill == null ? null : drill.reason());
            line.add(drill == null ? null : drill.drilledAt());
            lines.add(line.toArray());
        }
        ReportWriter.writeCsv(header, lines, out);
    }

    /** The JSON of {@link #json(List, Writer)} with the last drill of each row: drillResult, drillReason, drilledAt. */
    public static void json(List<BackupLogRow> rows, Map<Long, ClientDrillLog.LastDrill> drills, Writer out)
            throws IOException {
        ReportWriter.JSON.writeValue(new NonClosingWriter(out), objects(rows, drills));
        out.write(System.lineSeparator());
        out.flush();
    }

    /** The objects {@link #json(List, Map, Writer)} writes, for an answer that Jackson marshals (the console's). */
    public static List<Map<String, Object>> objects(List<BackupLogRow> rows,
                                                    Map<Long, ClientDrillLog.LastDrill> drills) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (BackupLogRow row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = new java.util.LinkedHashMap<>(ReportWriter.JSON.convertValue(row, Map.class));
            ClientDrillLog.LastDrill drill = drills.get(row.id());
            object.put("drillResult", drill == null ? null : drill.result());
            object.put("drillReason", drill == null ? null : drill.reason());
            object.put("drilledAt", drill == null ? null : drill.drilledAt());
            objects.add(object);
        }
        return objects;
    }

    public static void json(List<BackupLogRow> rows, Writer out) throws IOException {
        ReportWriter.JSON.writeValue(new NonClosingWriter(out), rows);
        out.write(System.lineSeparator());
        out.flush();
    }

    /** One line per backup: id, configuration, start, status, size, duration, downtime, and where it failed. */
    public static void table(List<BackupLogRow> rows, Writer writer) {
        table(rows, null, writer);
    }

    /**
     * As {@link #table(List, Writer)}, with a DRILL column: the last restorability drill's result
     * (passed, failed, could-not-boot; {@code -} when never drilled). Null {@code drills}: no such column.
     */
    public static void table(List<BackupLogRow> rows, Map<Long, ClientDrillLog.LastDrill> drills, Writer writer) {
        PrintWriter out = new PrintWriter(writer);
        List<String[]> lines = new ArrayList<>();
        lines.add(drills == null
                ? new String[] {"ID", "CONFIG", "START (UTC)", "STATUS", "SIZE", "DURATION", "DOWNTIME", "DETAIL"}
                : new String[] {"ID", "CONFIG", "START (UTC)", "STATUS", "SIZE", "DURATION", "DOWNTIME", "DRILL", "DETAIL"});
        for (BackupLogRow row : rows) {
            List<String> line = new ArrayList<>(List.of(Long.toString(row.id()), oneLine(row.configName()), row.startTime(),
                row.status().name(), row.fileSize() == null ? "-" : ByteSize.format(row.fileSize()), millis(row.durationMs()),
                millis(row.downtimeMs())));
            if (drills != null) {
                ClientDrillLog.LastDrill drill = drills.get(row.id());
                line.add(drill == null ? "-" : drill.result());
            }
            line.add(detail(row, drills == null ? null : drills.get(row.id())));
            lines.add(line.toArray(String[]::new));
        }
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length - 1; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i < line.length - 1 ? String.format("%-" + widths[i] + "s  ", line[i]) : line[i]);
            }
            out.println(text.toString().stripTrailing());
        }
        if (rows.isEmpty()) {
            out.println("(no backups match)");
        }
        out.flush();
    }

    private static String millis(Long ms) {
        if (ms == null) {
            return "-";
        }
        return ms < 10_000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String detail(BackupLogRow row, ClientDrillLog.LastDrill drill) {
        if (drill != null && !"passed".equals(drill.result())) {
            String reason = oneLine(drill.reason());
            return "drill " + drill.result() + ": " + (reason.length() > 200 ? reason.substring(0, 197) + "..." : reason);
        }
        if (row.errorMessage() != null) {
            return "at " + row.step() + ": " + oneLine(row.errorMessage());
        }
        if (row.localFile() != null) {
            return "waiting to be shipped: " + oneLine(row.localFile());
        }
        return row.fileName() == null ? "" : oneLine(row.fileName());
    }

    /** Line breaks and tabs in a value would break the table's lines and columns. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
