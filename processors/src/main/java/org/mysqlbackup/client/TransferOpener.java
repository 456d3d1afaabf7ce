package org.mysqlbackup.client;

import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;

/**
 * Builds the INIT frame that opens (or reopens) the transfer of the file; its transfer id is also
 * the resume token. Before the first byte leaves, the file, its checksums and the token are in
 * {@code BackupLogs}, so a client killed from here on resumes instead of starting over.
 */
public class TransferOpener implements Processor {
    private final StepTracker steps;
    private final BackupLogStore store;
    private final MessageCodec codec;

    public TransferOpener(StepTracker steps, BackupLogStore store, MessageCodec codec) {
        this.steps = steps;
        this.store = store;
        this.codec = codec;
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
                run.startedAt().toEpochMilli(), run.instanceName())));
    }
}
