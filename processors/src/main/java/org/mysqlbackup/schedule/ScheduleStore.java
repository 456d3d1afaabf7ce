package org.mysqlbackup.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * The schedules in {@code ScheduleConfigurations}, each tied to its backup configuration by name.
 * The daemon reads them (see {@link ScheduleRoutes}); the CLI and configuration import write them.
 * A write naming a configuration that does not exist fails with an {@link IllegalArgumentException}.
 */
public class ScheduleStore {
    private static final String SELECT = "SELECT s.Id, c.Name, s.ScheduleType, s.ScheduleTime, s.DayOfWeek, s.DayOfMonth,"
            + " s.CronExpression, s.TimeZone, s.IsEnabled, s.MisfirePolicy"
            + " FROM ScheduleConfigurations s JOIN BackupConfigurations c ON c.Id = s.BackupConfigId";
    private static final String INSERT = "INSERT INTO ScheduleConfigurations (BackupConfigId, ScheduleType, ScheduleTime,"
            + " DayOfWeek, DayOfMonth, CronExpression, TimeZone, IsEnabled, MisfirePolicy, UpdatedAt)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Sql sql;
    private final Clock clock;

    public ScheduleStore(DataSource db, Clock clock) {
        this.sql = new Sql(db, "client database");
        this.clock = clock;
    }

    /** Every schedule, by configuration name then id. */
    public List<Schedule> list() {
        return sql.query(SELECT + " ORDER BY c.Name, s.Id", ScheduleStore::schedule);
    }

    /** The schedules of one configuration, by id (empty if it has none or does not exist). */
    public List<Schedule> list(String configName) {
        return sql.query(SELECT + " WHERE c.Name = ? ORDER BY s.Id", ScheduleStore::schedule, configName);
    }

    /** The schedules the daemon runs: enabled, of a configuration that is active. */
    public List<Schedule> active() {
        return sql.query(SELECT + " WHERE s.IsEnabled = 1 AND COALESCE(c.IsActive, 1) = 1 ORDER BY s.Id",
                ScheduleStore::schedule);
    }

    public Optional<Schedule> find(long id) {
        return sql.query(SELECT + " WHERE s.Id = ?", ScheduleStore::schedule, id).stream().findFirst();
    }

    public boolean configurationExists(String configName) {
        return configurationId(configName).isPresent();
    }

    /** Adds {@code s} to its configuration's schedules; returns the new id. */
    public long add(Schedule s) {
        return sql.inTransaction("add a schedule of '" + s.configName() + "' to",
                tx -> insert(tx, requireConfiguration(tx, s.configName()), s));
    }

    /** Replaces schedule {@code id} (which must belong to {@code s}'s configuration) by {@code s}, keeping the id. */
    public void replace(long id, Schedule s) {
        long configId = configurationId(s.configName()).orElseThrow(() -> unknown(s.configName()));
        int changed = sql.update("UPDATE ScheduleConfigurations SET ScheduleType = ?, ScheduleTime = ?, DayOfWeek = ?,"
                        + " DayOfMonth = ?, CronExpression = ?, TimeZone = ?, IsEnabled = ?, MisfirePolicy = ?, UpdatedAt = ?"
                        + " WHERE Id = ? AND BackupConfigId = ?",
                s.type().stored(), timeText(s), dayOfWeekText(s), s.dayOfMonth(), s.cron(), s.timeZone().getId(),
                s.enabled() ? 1 : 0, s.misfire() == null ? null : s.misfire().text(), now(), id, configId);
        if (changed == 0) {
            throw new IllegalArgumentException("configuration '" + s.configName() + "' has no schedule " + id);
        }
    }

    /**
     * Makes {@code schedules} the configuration's only schedules, in one transaction (ids are new;
     * the configuration name inside each schedule is ignored). For {@code schedule set} and import.
     */
    public void replaceAll(String configName, List<Schedule> schedules) {
        sql.inTransaction("replace the schedules of '" + configName + "' in", tx -> {
            long configId = requireConfiguration(tx, configName);
            tx.update("DELETE FROM ScheduleConfigurations WHERE BackupConfigId = ?", configId);
            for (Schedule s : schedules) {
                insert(tx, configId, s.withConfigName(configName));
            }
            return null;
        });
    }

    /**
     * Makes {@code schedules} the configuration's only schedules, in one transaction, keeping the id
     * of every stored schedule an incoming one equals in all but the id: an import of an unchanged
     * export changes no id, so an {@code --id} from an earlier listing still names the same schedule.
     * Stored schedules that no incoming one equals are removed; the rest are added with new ids.
     */
    public void importAll(String configName, List<Schedule> schedules) {
        sql.inTransaction("import the schedules of '" + configName + "' into", tx -> {
            long configId = requireConfiguration(tx, configName);
            List<Schedule> unmatched = new java.util.ArrayList<>(
                    tx.query(SELECT + " WHERE c.Name = ? ORDER BY s.Id", ScheduleStore::schedule, configName));
            List<Schedule> added = new java.util.ArrayList<>();
            for (Schedule incoming : schedules) {
                Schedule wanted = incoming.withConfigName(configName).withId(null);
                Optional<Schedule> same = unmatched.stream().filter(s -> s.withId(null).equals(wanted)).findFirst();
                same.ifPresentOrElse(unmatched::remove, () -> added.add(wanted));
            }
            for (Schedule gone : unmatched) {
                tx.update("DELETE FROM ScheduleConfigurations WHERE Id = ?", gone.id());
            }
            for (Schedule s : added) {
                insert(tx, configId, s);
            }
            return null;
        });
    }

    /**
     * Switches schedule {@code id} of the configuration, or all its schedules when {@code id} is null.
     * @return how many schedules there were to switch
     */
    public int setEnabled(String configName, Long id, boolean enabled) {
        long configId = configurationId(configName).orElseThrow(() -> unknown(configName));
        int changed = sql.update("UPDATE ScheduleConfigurations SET IsEnabled = ?, UpdatedAt = ? WHERE BackupConfigId = ?"
                + (id == null ? "" : " AND Id = " + id), enabled ? 1 : 0, now(), configId);
        return requireFound(configName, id, changed);
    }

    /** Removes schedule {@code id} of the configuration, or all its schedules when {@code id} is null. */
    public int remove(String configName, Long id) {
        long configId = configurationId(configName).orElseThrow(() -> unknown(configName));
        int removed = sql.update("DELETE FROM ScheduleConfigurations WHERE BackupConfigId = ?"
                + (id == null ? "" : " AND Id = " + id), configId);
        return requireFound(configName, id, removed);
    }

    private static int requireFound(String configName, Long id, int count) {
        if (id != null && count == 0) {
            throw new IllegalArgumentException("configuration '" + configName + "' has no schedule " + id);
        }
        return count;
    }

    private Optional<Long> configurationId(String configName) {
        return sql.query("SELECT Id FROM BackupConfigurations WHERE Name = ?", rs -> rs.getLong(1), configName)
                .stream().findFirst();
    }

    private static long requireConfiguration(Sql.Transaction tx, String configName) throws SQLException {
        return tx.query("SELECT Id FROM BackupConfigurations WHERE Name = ?", rs -> rs.getLong(1), configName)
                .stream().findFirst().orElseThrow(() -> unknown(configName));
    }

    private long insert(Sql.Transaction tx, long configId, Schedule s) throws SQLException {
        return tx.insert(INSERT, configId, s.type().stored(), timeText(s), dayOfWeekText(s), s.dayOfMonth(), s.cron(),
                s.timeZone().getId(), s.enabled() ? 1 : 0, s.misfire() == null ? null : s.misfire().text(), now());
    }

    private static String timeText(Schedule s) {
        return s.time() == null ? "" : s.time().toString();
    }

    private static String dayOfWeekText(Schedule s) {
        return s.dayOfWeek() == null ? null : s.dayOfWeek().name().substring(0, 3);
    }

    private String now() {
        return Times.format(clock.instant());
    }

    /** Rows are read as written; a row edited by hand into nonsense names its id. */
    private static Schedule schedule(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        try {
            String typeText = rs.getString(3);
            ScheduleType type = ScheduleType.parse(typeText).orElseThrow(
                    () -> new IllegalArgumentException("unknown ScheduleType '" + typeText + "'"));
            String time = rs.getString(4);
            String dayOfWeek = rs.getString(5);
            Integer dayOfMonth = Sql.nullableLong(rs, 6) == null ? null : rs.getInt(6);
            String misfire = rs.getString(10);
            return new Schedule(id, rs.getString(2), type,
                    type == ScheduleType.CRON ? null : LocalTime.parse(time),
                    type == ScheduleType.WEEKLY ? weekday(dayOfWeek) : null,
                    type == ScheduleType.MONTHLY ? dayOfMonth : null,
                    type == ScheduleType.CRON ? rs.getString(7) : null,
                    ZoneId.of(rs.getString(8)), rs.getInt(9) != 0,
                    misfire == null ? null : MisfirePolicy.parse(misfire).orElseThrow(
                            () -> new IllegalArgumentException("unknown MisfirePolicy '" + misfire + "'")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("schedule " + id + " in ScheduleConfigurations is invalid: " + e.getMessage(), e);
        }
    }

    private static DayOfWeek weekday(String text) {
        if (text == null || text.length() < 3) {
            throw new IllegalArgumentException("unknown DayOfWeek '" + text + "'");
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(text.toUpperCase(java.util.Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown DayOfWeek '" + text + "'");
    }

    private static IllegalArgumentException unknown(String configName) {
        return new IllegalArgumentException("no backup configuration is named '" + configName + "'");
    }
}
