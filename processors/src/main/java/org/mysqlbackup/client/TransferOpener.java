package org.mysqlbackup.client;

import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;

/** Builds the INIT frame that opens the transfer of the snapshot; its transfer id is also the resume token. */
public class TransferOpener implements Processor {
    private final StepTracker steps;
    private final MessageCodec codec;
    private final int chunkSize;

    public TransferOpener(StepTracker steps, MessageCodec codec, int chunkSize) {
        this.steps = steps;
        this.codec = codec;
        this.chunkSize = chunkSize;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        if (run.transferId() == null) {
            run.transferId(UUID.randomUUID().toString());
        }
        steps.enter(exchange, BackupStep.TRANSFER);
        String fileName = run.zipFile().orElseThrow().getFileName().toString();
        exchange.getMessage().setBody(codec.frame(new InitTransfer(run.transferId(), run.configName(), fileName, run.zipSize(), chunkSize, run.sha256(), run.md5(),
                run.startedAt().toEpochMilli())));
    }
}
