package org.mysqlbackup.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;
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
        }
        run.manifest(BackupManifest.before(hostName, run.configName(), version, target.mysql().dataDirectory(), tables));
    }
}
