package org.mysqlbackup.client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;
import org.mysqlbackup.snapshot.DataDirectoryTables;
import org.mysqlbackup.snapshot.TableChecksums;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the backup manifest while MySQL still runs: the server version and, unless
 * {@code snapshot.table-checksums} is off, the row count and {@code CHECKSUM TABLE} of every table,
 * so a restore can be checked against them. A failure here fails the backup before the stop: MySQL
 * is not touched.
 */
public class TableChecksumCollector implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TableChecksumCollector.class);

    private final StepTracker steps;
    private final String hostName;

    public TableChecksumCollector(StepTracker steps, String hostName) {
        this.steps = steps;
        this.hostName = hostName;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.TABLE_CHECKSUMS);
        MySqlTarget target = run.target();
        TableChecksums checksums = target.tableChecksums();
        Instant started = Instant.now();
        String version = checksums.serverVersion();
        List<TableChecksum> tables = null;
        if (target.collectTables()) {
            tables = checksums.collect(run::checkNotCancelled);
            Duration took = Duration.between(started, Instant.now());
            run.timing("tableChecksums", took);
            LOG.info("Checksummed {} tables of {} in {} ms", tables.size(), version, took.toMillis());
            unreadable(tables, target.mysql().dataDirectory(), checksums::currentUser).ifPresent(warning -> {
                LOG.warn(warning);
                run.warn(warning);
            });
        }
        run.manifest(BackupManifest.before(hostName, run.configName(), version, target.mysql().dataDirectory(), tables));
    }

    /**
     * The warning for tables the data directory holds but the account could not see (information_schema
     * lists only what it may read): which, and the GRANT that lets it, e.g.
     * {@code 3 tables in the data directory were not checksummed: the MySQL account backup@127.0.0.1 cannot
     * read them (shop.orders, ...); a restore cannot be checked against them. Grant it: GRANT SELECT ON `shop`.* TO ...}.
     */
    static Optional<String> unreadable(List<TableChecksum> collected, Path dataDirectory, Supplier<String> currentUser) {
        Set<String> seen = new HashSet<>();
        collected.forEach(t -> seen.add((t.database() + "." + t.table()).toLowerCase(Locale.ROOT)));
        List<String> missing = DataDirectoryTables.list(dataDirectory).stream()
                .filter(name -> !seen.contains(name.toLowerCase(Locale.ROOT))).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String account = account(currentUser);
        Set<String> databases = new TreeSet<>();
        missing.forEach(name -> databases.add(name.substring(0, name.indexOf('.'))));
        String grants = databases.stream().map(db -> "GRANT SELECT ON `" + db.replace("`", "``") + "`.* TO " + account + ";")
                .collect(Collectors.joining(" "));
        String listed = missing.size() <= 10 ? String.join(", ", missing)
                : String.join(", ", missing.subList(0, 10)) + " and " + (missing.size() - 10) + " more";
        return Optional.of(missing.size() + " table(s) in the data directory were not checksummed: the MySQL"
                + " account " + account + " cannot read them (" + listed + "), so a restore or drill cannot be checked"
                + " against them. Grant it: " + grants);
    }

    /** {@code 'backup'@'127.0.0.1'}, as a GRANT names it. */
    private static String account(Supplier<String> currentUser) {
        try {
            String[] parts = currentUser.get().split("@", 2);
            return "'" + parts[0] + "'@'" + (parts.length > 1 ? parts[1] : "%") + "'";
        } catch (RuntimeException e) {
            return "<the backup account>";
        }
    }
}
