package org.mysqlbackup.configuration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mysqlbackup.schedule.ScheduleInput;

/**
 * The file {@code config export} writes and {@code config import} reads: YAML an operator can edit
 * and keep in version control. Secrets appear only in their stored form (env:NAME, or enc:v1:...
 * which only this host can read: prefer env:NAME in a shared repository).
 * <pre>
 * configurations:
 * - name: "main"
 *   active: true
 *   settings:
 *     mysql.datadir: "/var/lib/mysql"
 *     mysql.password: "env:MAIN_MYSQL_PASSWORD"
 *   schedules:
 *   - type: "weekly"
 *     day: "SUN"
 *     time: "03:00"
 *     timeZone: "Europe/Oslo"
 * </pre>
 * Without {@code schedules:} an import leaves a configuration's stored schedules alone; with it
 * (even empty) they are replaced.
 */
public final class ConfigurationFile {
    static final String HEADER = "# mysql-backup client configurations: backup-client config import --file FILE\n"
            + "# Keys and their meaning: config/client.properties. Secrets as env:VARIABLE.\n";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @JsonPropertyOrder({"name", "active", "settings", "schedules"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(String name, Boolean active, Map<String, String> settings, List<ScheduleItem> schedules) {
    }

    @JsonPropertyOrder({"type", "day", "time", "cron", "timeZone", "misfire", "enabled"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScheduleItem(String type, String day, String time, String cron, String timeZone, String misfire,
                        Boolean enabled) {
        static ScheduleItem of(ScheduleInput in) {
            return new ScheduleItem(in.type(), in.day(), in.time(), in.cron(), in.timeZone(), in.misfire(), in.enabled());
        }

        ScheduleInput input(String configName) {
            return new ScheduleInput(configName, type, time, day, cron, timeZone, misfire, enabled == null || enabled);
        }
    }

    record Document(List<Item> configurations) {
    }

    public String write(List<ExportedConfiguration> configurations) {
        List<Item> items = configurations.stream()
                .map(c -> new Item(c.name(), c.configuration().active(), new TreeMap<>(c.configuration().settings()),
                        c.schedules() == null ? null : c.schedules().stream().map(ScheduleItem::of).toList()))
                .toList();
        try {
            return HEADER + yaml.writeValueAsString(new Document(items));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException naming the line and column of what is wrong */
    public List<ExportedConfiguration> read(String text) {
        Document document;
        try {
            document = yaml.readValue(text, Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a configuration file: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        if (document == null || document.configurations() == null) {
            throw new IllegalArgumentException("not a configuration file: no 'configurations:' list");
        }
        List<ExportedConfiguration> out = new ArrayList<>();
        for (Item item : document.configurations()) {
            if (item == null || item.name() == null) {
                throw new IllegalArgumentException("configuration " + (out.size() + 1) + " of the file has no name");
            }
            if (item.schedules() != null && item.schedules().contains(null)) {
                throw new IllegalArgumentException("configuration '" + item.name() + "' has an empty schedule entry");
            }
            out.add(new ExportedConfiguration(new BackupConfiguration(item.name(), item.active() == null || item.active(),
                    new TreeMap<>(item.settings() == null ? Map.of() : item.settings())),
                    item.schedules() == null ? null : item.schedules().stream().map(i -> i.input(item.name())).toList()));
        }
        return out;
    }
}
