package org.mysqlbackup.configuration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.mysqlbackup.config.Settings;

/**
 * The {@code BackupConfigurations} table of the client database. Stores only what it is given:
 * callers validate first ({@link ConfigurationCatalog}). Several configurations are written in one
 * transaction, so an import is all or nothing.
 */
public class ConfigurationStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "Name, IsActive, Settings";

    private final DataSource db;
    private final Clock clock;

    public ConfigurationStore(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A configuration with the settings it runs with (its own over client.properties), for the seed's columns. */
    public record Entry(BackupConfiguration configuration, Settings effective) {
    }

    public List<BackupConfiguration> list() {
        return query("SELECT " + COLUMNS + " FROM BackupConfigurations ORDER BY Name", null);
    }

    public Optional<BackupConfiguration> find(String name) {
        return query("SELECT " + COLUMNS + " FROM BackupConfigurations WHERE Name = ?", name).stream().findFirst();
    }

    public void save(Entry entry) {
        saveAll(List.of(entry));
    }

    /** Adds or replaces each configuration (by name), all in one transaction. */
    public void saveAll(List<Entry> entries) {
        inTransaction(c -> {
            for (Entry entry : entries) {
                upsert(c, entry);
            }
        });
    }

    /**
     * Removes a configuration and its schedules; its history stays (BackupLogs keeps the name).
     *
     * @return false if there was none of that name
     */
    public boolean remove(String name) {
        boolean[] removed = {false};
        inTransaction(c -> {
            Long id = idOf(c, name);
            if (id == null) {
                return;
            }
            execute(c, "UPDATE BackupLogs SET BackupConfigId = NULL WHERE BackupConfigId = ?", id);
            execute(c, "DELETE FROM ScheduleConfigurations WHERE BackupConfigId = ?", id);
            execute(c, "DELETE FROM BackupConfigurations WHERE Id = ?", id);
            removed[0] = true;
        });
        return removed[0];
    }

    private void upsert(Connection c, Entry entry) throws SQLException {
        BackupConfiguration config = entry.configuration();
        Settings s = entry.effective();
        String json;
        try {
            json = JSON.writeValueAsString(config.settings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Object[] values = {
            config.active() ? 1 : 0, json,
            "mysql://" + s.string("mysql.user", "") + "@" + s.string("mysql.host", "127.0.0.1") + ":"
                    + s.string("mysql.port", "3306"),
            s.string("mysql.datadir", ""),
            s.string("mysql.service.strategy", "systemd") + ":" + s.string("mysql.service.name", ""),
            s.string("server.host", ""), s.integer("server.port", 0, 0, 65535),
            clock.instant().toString(), config.name()};
        int updated = execute(c, "UPDATE BackupConfigurations SET IsActive = ?, Settings = ?, MySQLConnectionString = ?,"
                + " DataDirectoryPath = ?, ServiceName = ?, TargetServerIP = ?, TargetServerPort = ?, UpdatedAt = ?"
                + " WHERE Name = ?", values);
        if (updated == 0) {
            execute(c, "INSERT INTO BackupConfigurations (IsActive, Settings, MySQLConnectionString, DataDirectoryPath,"
                    + " ServiceName, TargetServerIP, TargetServerPort, UpdatedAt, Name, TargetDirectory, NamingStrategy,"
                    + " CreatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'server', 'server', ?)",
                    append(values, clock.instant().toString()));
        }
    }

    private static Object[] append(Object[] values, Object last) {
        Object[] out = java.util.Arrays.copyOf(values, values.length + 1);
        out[values.length] = last;
        return out;
    }

    private static Long idOf(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT Id FROM BackupConfigurations WHERE Name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private List<BackupConfiguration> query(String sql, String name) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            List<BackupConfiguration> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BackupConfiguration(rs.getString(1), rs.getBoolean(2),
                            JSON.readValue(rs.getString(3), new TypeReference<TreeMap<String, String>>() { })));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the configurations of the client database: " + e.getMessage(), e);
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(Work work) {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the configurations of the client database: " + e.getMessage(), e);
        }
    }
}
