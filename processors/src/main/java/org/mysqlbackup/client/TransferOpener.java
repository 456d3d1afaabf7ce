package org.mysqlbackup.client;

import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
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
        if (run.transferId() == null) {
            run.transferId(UUID.randomUUID().toString());
        }
        store.fileReady(run);
        steps.enter(exchange, BackupStep.TRANSFER);
        String fileName = run.zipFile().orElseThrow().getFileName().toString();
        exchange.getMessage().setBody(codec.frame(new InitTransfer(run.transferId(), run.configName(), fileName, run.zipSize(), run.chunkSize(), run.sha256(), run.md5(),
                run.startedAt().toEpochMilli(), run.instanceName())));
    }
}
