package org.mysqlbackup.server.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's history as CSV or JSON, every column of {@link ServerLogRow}: one writer for
 * {@code backup-server history} and the console's export, so the two are the same bytes.
 */
public final class ServerLogWriter {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final CsvMapper CSV = new CsvMapper();
    /** CSV column names: the record's component names in snake case. */
    private static final RecordComponent[] COMPONENTS = ServerLogRow.class.getRecordComponents();
    public static final List<String> COLUMNS = java.util.Arrays.stream(COMPONENTS)
            .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT)).toList();

    private ServerLogWriter() {
    }

    public static void csv(List<ServerLogRow> rows, Writer out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        List<List<Object>> lines = new ArrayList<>(rows.size());
        for (ServerLogRow row : rows) {
            List<Object> line = new ArrayList<>(COMPONENTS.length);
            for (RecordComponent component : COMPONENTS) {
                line.add(value(component, row));
            }
            lines.add(line);
        }
        CSV.writer(schema.build()).writeValues(out).writeAll(lines).flush();
    }

    private static Object value(RecordComponent component, ServerLogRow row) {
        try {
            return component.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of a history row", e);
        }
    }

    public static void json(List<ServerLogRow> rows, Writer out) throws IOException {
        out.write(JSON.writeValueAsString(rows));
        out.write(System.lineSeparator());
        out.flush();
    }
}
