package org.mysqlbackup.client;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;
import org.mysqlbackup.protocol.TransferStored;

/**
 * Accepts the server's STORED answer only if it reports the very size and checksums the client
 * computed: a backup is never called done on the server's word alone.
 */
public class TransferCompleter implements Processor {
    private final MessageCodec codec;
    private final ProgressReporter progress;

    public TransferCompleter(MessageCodec codec, ProgressReporter progress) {
        this.codec = codec;
        this.progress = progress;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = BackupRun.of(exchange);
        TransferStored stored = codec.read(Frame.of(exchange), TransferStored.class);
        if (stored.size() != run.archive().size() || !run.archive().sha256().equals(stored.sha256()) || !run.archive().md5().equals(stored.md5())) {
            throw new ProtocolException(ErrorCode.FILE_CHECKSUM_MISMATCH, "server stored " + stored.size()
                    + " bytes with SHA-256 " + stored.sha256() + " but the snapshot has " + run.archive().size()
                    + " bytes with SHA-256 " + run.archive().sha256());
        }
        run.delivery(run.delivery().stored(stored.storedName(), stored.storedPath()));
        progress.report(run);
    }
}
