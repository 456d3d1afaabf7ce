package org.mysqlbackup.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.drill.ClientDrillLog;

/**
 * The client's history as {@code history} and the console select it: the same filters, the same
 * reading of statuses (a run whose process died is Failed, as the next guard records it) and the
 * same refusal of a configuration name nobody knows. Messages name the option or field they are about.
 */
public class LocalHistory {
    private final DataSource db;
    private final String defaultName;

    /** @param defaultName client.properties' own configuration ({@code backup.name}), or null */
    public LocalHistory(DataSource db, String defaultName) {
        this.db = db;
        this.defaultName = defaultName;
    }

    /**
     * Backups started in {@code period} with one of {@code wanted} (all when empty), of {@code config}
     * (all when null), at most {@code limit} rows read (0 = all), newest first, as seen now.
     */
    public List<BackupLogRow> search(Period period, Set<BackupStatus> wanted, String config, int limit) {
        Set<BackupStatus> stored = EnumSet.noneOf(BackupStatus.class);
        stored.addAll(wanted);
        if (wanted.contains(BackupStatus.Failed)) {
            // a dead run is stored with the status it died in
            Arrays.stream(BackupStatus.values()).filter(s -> !s.isFinal()).forEach(stored::add);
        }
        return new BackupHistory(db).search(new HistoryFilter(period, stored, config, limit)).stream()
                .map(BackupLogRow::asSeenNow)
                .filter(row -> wanted.isEmpty() || wanted.contains(row.status())).toList();
    }

    /** The last drill of each of {@code rows}, for the exports' drill columns. */
    public Map<Long, ClientDrillLog.LastDrill> drills(List<BackupLogRow> rows) {
        return new ClientDrillLog(db, java.time.Clock.systemUTC()).lastOf(rows.stream().map(BackupLogRow::id).toList());
    }

    /** A period from an operator's texts (either may be null or blank: open). */
    public static Period period(String fromOption, String from, String toOption, String to) {
        Instant start = from == null || from.isBlank() ? null : DateArgument.start(fromOption, from);
        Instant end = to == null || to.isBlank() ? null : DateArgument.end(toOption, to);
        return new Period(start, end);
    }

    /** Statuses by name, any case; an unknown one is refused naming {@code option} and the valid ones. */
    public static Set<BackupStatus> statuses(String option, List<String> names) {
        Set<BackupStatus> set = EnumSet.noneOf(BackupStatus.class);
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            set.add(Arrays.stream(BackupStatus.values())
                    .filter(s -> s.name().equalsIgnoreCase(name.strip()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(option + ": '" + name + "' is not one of "
                            + Arrays.toString(BackupStatus.values()).replaceAll("[\\[\\]]", ""))));
        }
        return set;
    }

    /**
     * A name that is no configuration (stored, or client.properties' backup.name) and has no
     * backup in the history is a typo: say so, instead of an empty answer.
     */
    public void requireKnown(String option, String name) {
        if (name.equals(defaultName)) {
            return;
        }
        List<String> known = new Sql(db, "client database").query(
                "SELECT ConfigName FROM BackupLogs UNION SELECT Name FROM BackupConfigurations ORDER BY 1",
                rs -> rs.getString(1));
        if (!known.contains(name)) {
            List<String> names = new ArrayList<>(known);
            if (defaultName != null && !names.contains(defaultName)) {
                names.add(0, defaultName);
            }
            throw new IllegalArgumentException(option + ": no configuration or recorded backup is named '" + name
                    + "'" + (names.isEmpty() ? "" : "; known: " + String.join(", ", names)));
        }
    }
}
