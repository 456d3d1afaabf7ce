package org.mysqlbackup.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the newest schema with versioned migration files named
 * {@code V<version>__<description>.sql}, applied in version order, each in its own transaction,
 * and recorded in {@code SchemaVersion} with a checksum. A migration that was applied and then
 * edited stops the start-up: silently diverging schemas are how history gets lost.
 */
public class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private final DataSource dataSource;
    private final Path migrationsDir;

    public SchemaMigrator(DataSource dataSource, Path migrationsDir) {
        this.dataSource = dataSource;
        this.migrationsDir = migrationsDir;
    }

    /**
     * Applies what is missing, each migration in its own write transaction taken up front
     * ({@code BEGIN IMMEDIATE}) that first checks again whether it is still missing: two processes
     * starting on the same database file at once (the daemon and a CLI command) take turns, and the
     * second finds a migration done instead of applying it again.
     *
     * @return the schema version after migrating
     */
    public int migrate() {
        Map<Integer, Migration> migrations = readMigrations();
        try (Connection c = dataSource.getConnection(); Statement tx = c.createStatement()) {
            ensureVersionTable(c);
            Map<Integer, String> applied = appliedChecksums(c);
            for (Map.Entry<Integer, String> entry : applied.entrySet()) {
                Migration m = migrations.get(entry.getKey());
                if (m != null && !m.checksum().equals(entry.getValue())) {
                    throw new IllegalStateException("schema migration " + m.file() + " was changed after it was applied;"
                            + " restore the original file and add a new migration instead");
                }
            }
            int version = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (Migration m : migrations.values()) {
                if (!applied.containsKey(m.version())) {
                    applyOnce(c, tx, m);
                    version = Math.max(version, m.version());
                }
            }
            return version;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate database schema from " + migrationsDir + ": " + e.getMessage(), e);
        }
    }

    /** Applies {@code m} unless another process did since it was read, holding the write lock throughout. */
    private static void applyOnce(Connection c, Statement tx, Migration m) throws SQLException {
        // waits up to the busy timeout for another migrator to finish
        tx.execute("BEGIN IMMEDIATE");
        try {
            if (!appliedChecksums(c).containsKey(m.version())) {
                apply(c, m);
            }
            tx.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            try {
                tx.execute("ROLLBACK");
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    private Map<Integer, Migration> readMigrations() {
        if (!Files.isDirectory(migrationsDir)) {
            throw new IllegalStateException("schema folder " + migrationsDir + " does not exist");
        }
        Map<Integer, Migration> byVersion = new TreeMap<>();
        try (Stream<Path> files = Files.list(migrationsDir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                Matcher m = FILE_NAME.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                String sql = Files.readString(file, StandardCharsets.UTF_8);
                Migration migration = new Migration(Integer.parseInt(m.group(1)), m.group(2), file, sql, sha256(sql));
                if (byVersion.put(migration.version(), migration) != null) {
                    throw new IllegalStateException("two schema migrations share version " + migration.version()
                            + " in " + migrationsDir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema folder " + migrationsDir, e);
        }
        if (byVersion.isEmpty()) {
            throw new IllegalStateException("no V<n>__name.sql migrations in " + migrationsDir);
        }
        return byVersion;
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS SchemaVersion (Version INTEGER PRIMARY KEY,"
                    + " Description TEXT NOT NULL, Checksum TEXT NOT NULL, AppliedAt TEXT NOT NULL)");
        }
    }

    private static Map<Integer, String> appliedChecksums(Connection c) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT Version, Checksum FROM SchemaVersion")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    /** Runs one migration inside the caller's transaction and records it. */
    private static void apply(Connection c, Migration m) throws SQLException {
        LOG.info("Applying schema migration {}", m.file().getFileName());
        try (Statement s = c.createStatement()) {
            for (String statement : statements(m.sql())) {
                s.executeUpdate(statement);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO SchemaVersion (Version, Description, Checksum, AppliedAt) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setString(3, m.checksum());
                ps.setString(4, Times.format(Instant.now()));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new SQLException("migration " + m.file().getFileName() + " failed: " + e.getMessage(), e);
        }
    }

    /** Splits a script on semicolons that end a line; {@code --} comment lines are dropped. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Migration(int version, String description, Path file, String sql, String checksum) {
    }
}
