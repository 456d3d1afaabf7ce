package org.mysqlbackup.configuration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * The {@code BackupConfigurations} table of the client database. Stores only what it is given:
 * callers validate first ({@link ConfigurationCatalog}). Several configurations are written in one
 * transaction, so an import is all or nothing.
 */
public class ConfigurationStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "Name, IsActive, Settings";

    private final Sql sql;
    private final Clock clock;

    public ConfigurationStore(DataSource db, Clock clock) {
        this.sql = new Sql(db, "client database");
        this.clock = clock;
    }

    /** A configuration with the settings it runs with (its own over client.properties), for the seed's columns. */
    public record Entry(BackupConfiguration configuration, Settings effective) {
    }

    public List<BackupConfiguration> list() {
        return sql.query("SELECT " + COLUMNS + " FROM BackupConfigurations ORDER BY Name", ConfigurationStore::row);
    }

    public Optional<BackupConfiguration> find(String name) {
        return sql.query("SELECT " + COLUMNS + " FROM BackupConfigurations WHERE Name = ?", ConfigurationStore::row, name)
                .stream().findFirst();
    }

    public void save(Entry entry) {
        saveAll(List.of(entry));
    }

    /** Adds or replaces each configuration (by name), all in one transaction. */
    public void saveAll(List<Entry> entries) {
        sql.inTransaction("write the configurations of", tx -> {
            for (Entry entry : entries) {
                upsert(tx, entry);
            }
            return null;
        });
    }

    /**
     * Removes a configuration and its schedules; its history stays (BackupLogs keeps the name).
     *
     * @return false if there was none of that name
     */
    public boolean remove(String name) {
        return sql.inTransaction("remove a configuration from", tx -> {
            List<Long> ids = tx.query("SELECT Id FROM BackupConfigurations WHERE Name = ?", rs -> rs.getLong(1), name);
            if (ids.isEmpty()) {
                return false;
            }
            long id = ids.get(0);
            tx.update("UPDATE BackupLogs SET BackupConfigId = NULL WHERE BackupConfigId = ?", id);
            tx.update("DELETE FROM ScheduleConfigurations WHERE BackupConfigId = ?", id);
            tx.update("DELETE FROM BackupConfigurations WHERE Id = ?", id);
            return true;
        });
    }

    private void upsert(Sql.Transaction tx, Entry entry) throws SQLException {
        BackupConfiguration config = entry.configuration();
        Settings s = entry.effective();
        String json;
        try {
            json = JSON.writeValueAsString(config.settings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String now = Times.format(clock.instant());
        Object[] values = {
            config.active() ? 1 : 0, json,
            "mysql://" + s.string("mysql.user", "") + "@" + s.string("mysql.host", "127.0.0.1") + ":"
                    + s.string("mysql.port", "3306"),
            s.string("mysql.datadir", ""),
            s.string("mysql.service.strategy", "systemd") + ":" + s.string("mysql.service.name", ""),
            s.string("server.host", ""), s.integer("server.port", 0, 0, 65535),
            now, config.name()};
        int updated = tx.update("UPDATE BackupConfigurations SET IsActive = ?, Settings = ?, MySQLConnectionString = ?,"
                + " DataDirectoryPath = ?, ServiceName = ?, TargetServerIP = ?, TargetServerPort = ?, UpdatedAt = ?"
                + " WHERE Name = ?", values);
        if (updated == 0) {
            Object[] withCreated = Arrays.copyOf(values, values.length + 1);
            withCreated[values.length] = now;
            tx.update("INSERT INTO BackupConfigurations (IsActive, Settings, MySQLConnectionString, DataDirectoryPath,"
                    + " ServiceName, TargetServerIP, TargetServerPort, UpdatedAt, Name, TargetDirectory, NamingStrategy,"
                    + " CreatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'server', 'server', ?)", withCreated);
        }
    }

    private static BackupConfiguration row(ResultSet rs) throws SQLException {
        try {
            return new BackupConfiguration(rs.getString(1), rs.getBoolean(2),
                    JSON.readValue(rs.getString(3), new TypeReference<TreeMap<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("configuration '" + rs.getString(1) + "' in BackupConfigurations has"
                    + " unreadable Settings: " + e.getOriginalMessage(), e);
        }
    }
}
