package org.mysqlbackup.client;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyConstants;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.protocol.FinalizeTransfer;
import org.mysqlbackup.protocol.MessageCodec;

/**
 * Builds the FINALIZE frame. The server reads the whole file to verify it before answering, so
 * the reply may take longer than a chunk's: the timeout grows with the file size.
 */
public class TransferFinalizer implements Processor {
    /** Slowest verification rate assumed on the server (bytes per second). */
    private static final long SLOW_VERIFY_BYTES_PER_SECOND = 20L << 20;

    private final StepTracker steps;
    private final MessageCodec codec;
    private final Duration baseTimeout;

    public TransferFinalizer(StepTracker steps, MessageCodec codec, Duration baseTimeout) {
        this.steps = steps;
        this.codec = codec;
        this.baseTimeout = baseTimeout;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.FINALIZE);
        long timeoutMs = baseTimeout.toMillis() + run.archive().size() / SLOW_VERIFY_BYTES_PER_SECOND * 1000;
        exchange.getMessage().setHeader(NettyConstants.NETTY_REQUEST_TIMEOUT, timeoutMs);
        exchange.getMessage().setBody(codec.frame(new FinalizeTransfer(run.delivery().transferId())));
    }
}
