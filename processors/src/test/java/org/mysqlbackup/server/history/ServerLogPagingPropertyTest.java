package org.mysqlbackup.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.TestDatabases;
import org.mysqlbackup.db.Times;

/**
 * Whatever the rows and the filter, walking the log browser's keyset pages from the newest yields
 * every matching row exactly once, newest first, and the total counts them.
 */
class ServerLogPagingPropertyTest {
    private static final String[] CLIENTS = {"db-1", "db-2", "db-3"};
    private static final String[] CONFIGS = {"main", "reports"};
    private static final String[] STATUSES = {"Completed", "Failed", "Transferring"};
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private Path dir;
    private DataSource db;

    @BeforeProperty
    void database() throws Exception {
        dir = Files.createTempDirectory("server-log");
        db = TestDatabases.migrated(dir.resolve("server.db"), "server");
    }

    @AfterProperty
    void removeDatabase() throws Exception {
        if (db instanceof AutoCloseable closeable) {
            closeable.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 100, seed = "4711")
    void pagesCoverEveryMatchingRowOnce(@ForAll @IntRange(min = 0, max = 60) int rows,
                                        @ForAll @IntRange(min = 1, max = 7) int pageSize,
                                        @ForAll @IntRange(min = 0, max = 3) int clientChoice,
                                        @ForAll @IntRange(min = 0, max = 3) int statusChoice,
                                        @ForAll @IntRange(min = 0, max = 2) int textChoice,
                                        @ForAll @IntRange(min = 0, max = 40) int fromDay,
                                        @ForAll long seed) {
        Sql sql = new Sql(db, "test");
        sql.update("DELETE FROM BackupLogs");
        java.util.Random random = new java.util.Random(seed);
        List<long[]> made = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String client = CLIENTS[random.nextInt(CLIENTS.length)];
            String status = STATUSES[random.nextInt(STATUSES.length)];
            Instant start = T0.plusSeconds(random.nextInt(40 * 86_400));
            String error = status.equals("Failed") ? (random.nextBoolean() ? "disk FULL on server" : "checksum mismatch")
                    : null;
            long id = sql.insert("INSERT INTO BackupLogs (TransferId, ClientId, ConfigName, StartTime, Status, FileSize,"
                    + " ChunkSize, Sha256, Md5, ErrorMessage) VALUES (?, ?, ?, ?, ?, 1, 1, 'x', 'y', ?)",
                    "t-" + i + "-" + seed, client, CONFIGS[random.nextInt(CONFIGS.length)], Times.format(start), status,
                    error);
            made.add(new long[] {id, clientIndex(client), statusIndex(status), start.getEpochSecond(),
                    error != null && error.toLowerCase().contains("full") ? 1 : 0});
        }
        String client = clientChoice < CLIENTS.length ? CLIENTS[clientChoice] : null;
        Set<String> statuses = statusChoice < STATUSES.length ? Set.of(STATUSES[statusChoice]) : Set.of();
        String text = textChoice == 1 ? "Full" : null;
        Instant from = fromDay == 0 ? null : T0.plusSeconds(fromDay * 86_400L);

        List<Long> expected = made.stream()
                .filter(m -> client == null || m[1] == clientIndex(client))
                .filter(m -> statuses.isEmpty() || m[2] == statusIndex(statuses.iterator().next()))
                .filter(m -> text == null || m[4] == 1)
                .filter(m -> from == null || m[3] >= from.getEpochSecond())
                .map(m -> m[0]).sorted(java.util.Comparator.reverseOrder()).toList();

        ServerLog log = new ServerLog(db);
        List<Long> walked = new ArrayList<>();
        Long before = null;
        int pages = 0;
        do {
            ServerLog.Page page = log.search(new ServerLogFilter(from, null, statuses, client, null, text, before,
                    pageSize));
            assertThat(page.total()).isEqualTo(expected.size());
            assertThat(page.rows().size()).isLessThanOrEqualTo(pageSize);
            page.rows().forEach(r -> walked.add(r.id()));
            before = page.nextBeforeId();
            assertThat(++pages).isLessThanOrEqualTo(expected.size() / pageSize + 2);
        } while (before != null);
        assertThat(walked).isEqualTo(expected);
    }

    private static int clientIndex(String client) {
        return java.util.Arrays.asList(CLIENTS).indexOf(client);
    }

    private static int statusIndex(String status) {
        return java.util.Arrays.asList(STATUSES).indexOf(status);
    }
}
