package org.mysqlbackup.client.run;

/** The backup was cancelled (by an operator, or because it ran past its deadline). */
public class BackupCancelledException extends RuntimeException {
    public BackupCancelledException(String reason) {
        super(reason);
    }
}
