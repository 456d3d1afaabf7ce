package org.mysqlbackup.client;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the INIT frame that opens (or reopens) the transfer of the file; its transfer id is also
 * the resume token. Before the first byte leaves, the file, its checksums and the token are in
 * {@code BackupLogs}, so a client killed from here on resumes instead of starting over.
 */
public class TransferOpener implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(TransferOpener.class);
    private final StepTracker steps;
    private final BackupLogStore store;
    private final MessageCodec codec;
    private final Function<String, Optional<Duration>> expectedInterval;

    /**
     * @param expectedInterval a configuration's longest gap between its scheduled runs, sent for
     *                         the server's overdue check; empty when it has no enabled schedule
     */
    public TransferOpener(StepTracker steps, BackupLogStore store, MessageCodec codec,
                          Function<String, Optional<Duration>> expectedInterval) {
        this.steps = steps;
        this.store = store;
        this.codec = codec;
        this.expectedInterval = expectedInterval;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        if (run.delivery().transferId() == null) {
            run.delivery(run.delivery().opened(UUID.randomUUID().toString()));
        }
        store.fileReady(run);
        steps.enter(exchange, BackupStep.TRANSFER);
        String fileName = run.archive().zip().orElseThrow().getFileName().toString();
        exchange.getMessage().setBody(codec.frame(new InitTransfer(run.delivery().transferId(), run.configName(), fileName, run.archive().size(), run.chunkSize(), run.archive().sha256(), run.archive().md5(),
                run.startedAt().toEpochMilli(), run.instanceName(), intervalMs(run.configName()))));
    }

    /**
     * The interval for the server's overdue check, {@link InitTransfer#NO_SCHEDULE} when no schedule
     * is enabled; null when it cannot be told. Never keeps a backup from its transfer.
     */
    private Long intervalMs(String configName) {
        try {
            return expectedInterval.apply(configName).map(Duration::toMillis)
                    .map(ms -> Math.min(Math.max(ms, InitTransfer.MIN_EXPECTED_INTERVAL_MS),
                            InitTransfer.MAX_EXPECTED_INTERVAL_MS))
                    .orElse(InitTransfer.NO_SCHEDULE);
        } catch (RuntimeException e) {
            LOG.warn("Cannot compute the schedule interval of configuration {}: {}", configName, e.getMessage());
            return null;
        }
    }
}
