package org.mysqlbackup.server.overdue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * {@code ExpectedBackups} (the intervals clients send), {@code OverdueStates} (which
 * configurations are alerted overdue) and the newest Completed backup of each in
 * {@code BackupLogs}.
 */
public class OverdueStore {
    /** The state of one watched configuration; {@code overdueSince} null when it is on time. */
    public record State(Instant watchedSince, Instant overdueSince) {
    }

    private final Sql sql;

    public OverdueStore(DataSource dataSource) {
        this.sql = new Sql(dataSource, "server database");
    }

    /** What a client sent with a transfer: the newest interval replaces the one before. */
    public void expect(String clientId, String configName, Duration interval, Instant now) {
        sql.update("INSERT INTO ExpectedBackups (ClientId, ConfigName, IntervalMs, UpdatedAt) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (ClientId, ConfigName) DO UPDATE SET IntervalMs = excluded.IntervalMs,"
                        + " UpdatedAt = excluded.UpdatedAt",
                clientId, configName, interval.toMillis(), Times.format(now));
    }

    /**
     * The client has no enabled schedule for the configuration any more: no backup is due. An
     * OVERDUE alert of it stays in {@code OverdueStates}, and is ended when it is expected again.
     */
    public void forget(String clientId, String configName) {
        sql.update("DELETE FROM ExpectedBackups WHERE ClientId = ? AND ConfigName = ?", clientId, configName);
    }

    /**
     * Every expectation: the clients' own, then those of {@code configured} for the
     * configurations whose client sent none.
     */
    public List<Expectation> expectations(List<Expectation> configured) {
        Map<String, Expectation> all = new LinkedHashMap<>();
        for (Expectation sent : sql.query("SELECT ClientId, ConfigName, IntervalMs FROM ExpectedBackups"
                + " ORDER BY ClientId, ConfigName", rs -> new Expectation(rs.getString(1), rs.getString(2),
                Duration.ofMillis(rs.getLong(3)), "client"))) {
            all.put(sent.clientId() + "/" + sent.configName(), sent);
        }
        for (Expectation c : configured) {
            all.putIfAbsent(c.clientId() + "/" + c.configName(), c);
        }
        return List.copyOf(all.values());
    }

    /** The state of a configuration, created (on time, watched from {@code now}) on first sight. */
    public State state(String clientId, String configName, Instant now) {
        sql.update("INSERT OR IGNORE INTO OverdueStates (ClientId, ConfigName, WatchedSince) VALUES (?, ?, ?)",
                clientId, configName, Times.format(now));
        return sql.query("SELECT WatchedSince, OverdueSince FROM OverdueStates WHERE ClientId = ? AND ConfigName = ?",
                rs -> new State(Instant.parse(rs.getString(1)),
                        rs.getString(2) == null ? null : Instant.parse(rs.getString(2))), clientId, configName).get(0);
    }

    /** The state as stored, without creating one (for the command line, which changes nothing). */
    public Optional<State> storedState(String clientId, String configName) {
        return sql.query("SELECT WatchedSince, OverdueSince FROM OverdueStates WHERE ClientId = ? AND ConfigName = ?",
                rs -> new State(Instant.parse(rs.getString(1)),
                        rs.getString(2) == null ? null : Instant.parse(rs.getString(2))), clientId, configName)
                .stream().findFirst();
    }

    /** Marks the configuration alerted; false if it already was (another check came first). */
    public boolean markOverdue(String clientId, String configName, Instant dueSince) {
        return sql.update("UPDATE OverdueStates SET OverdueSince = ? WHERE ClientId = ? AND ConfigName = ?"
                + " AND OverdueSince IS NULL", Times.format(dueSince), clientId, configName) == 1;
    }

    /** Marks the configuration on time again; false if it already was. */
    public boolean clearOverdue(String clientId, String configName) {
        return sql.update("UPDATE OverdueStates SET OverdueSince = NULL WHERE ClientId = ? AND ConfigName = ?"
                + " AND OverdueSince IS NOT NULL", clientId, configName) == 1;
    }

    /** When the configuration's newest Completed backup was stored; empty if none was. */
    public Optional<Instant> lastCompleted(String clientId, String configName) {
        return sql.query("SELECT MAX(EndTime) FROM BackupLogs WHERE ClientId = ? AND ConfigName = ?"
                        + " AND Status = 'Completed'", rs -> rs.getString(1), clientId, configName)
                .stream().filter(t -> t != null).findFirst().map(Instant::parse);
    }
}
