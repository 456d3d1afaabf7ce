package org.mysqlbackup.ui.client;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.report.HistoryWriter;
import org.mysqlbackup.report.LocalHistory;

/**
 * The console's local history: {@code backup-client history} with the same filters (from, to,
 * statuses, configuration, limit) through {@link LocalHistory}, and its JSON rows
 * ({@code history --format json}).
 */
public class HistoryBrowser {
    /** {@code history}'s default. */
    static final int DEFAULT_LIMIT = 100;

    private final LocalHistory history;

    public HistoryBrowser(LocalHistory history) {
        this.history = history;
    }

    /**
     * @param statuses comma-separated, any case; blank for all
     * @param limit    blank for {@value #DEFAULT_LIMIT}, 0 for all
     */
    public List<Map<String, Object>> search(String from, String to, String statuses, String configuration,
                                            String limit) {
        String config = configuration == null || configuration.isBlank() ? null : configuration.strip();
        if (config != null) {
            history.requireKnown("configuration", config);
        }
        List<BackupLogRow> rows = history.search(LocalHistory.period("from", from, "to", to),
                LocalHistory.statuses("status", statuses == null ? List.of() : Arrays.asList(statuses.split(","))),
                config, limit(limit));
        return HistoryWriter.objects(rows, history.drills(rows));
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("limit: '" + text + "' is not 0 (all) or a positive number");
    }
}
