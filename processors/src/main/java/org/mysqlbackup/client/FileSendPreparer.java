package org.mysqlbackup.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.Archive;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.transfer.Digests;

/**
 * Prepares {@code send FILE}: ships a file that already exists (a snapshot kept by an earlier
 * run, or any archive) through the same transfer as a backup. Its checksums are computed once,
 * streaming; the file is never deleted.
 */
public class FileSendPreparer implements Processor {
    /** Header holding the path of the file to send. */
    public static final String FILE = "MysqlBackupFile";

    private final StepTracker steps;

    public FileSendPreparer(StepTracker steps) {
        this.steps = steps;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        BackupRun run = steps.enter(exchange, BackupStep.TRANSFER);
        Path file = Path.of(exchange.getMessage().getHeader(FILE, String.class)).toAbsolutePath();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + " is not a readable file");
        }
        MessageDigest sha256 = Digests.sha256();
        MessageDigest md5 = Digests.md5();
        long size = 0;
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                size += n;
            }
        }
        run.archive(Archive.existing(file, size, Digests.hex(sha256), Digests.hex(md5), false));
    }
}
