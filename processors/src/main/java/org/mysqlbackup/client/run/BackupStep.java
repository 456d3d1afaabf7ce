package org.mysqlbackup.client.run;

/**
 * The steps of the client workflow, finer than {@link BackupStatus}: a failure names the step,
 * so the operator reads "failed at snapshot: ..." rather than "failed while compressing".
 */
public enum BackupStep {
    PREFLIGHT("pre-flight", BackupStatus.Queued),
    /** Row counts and CHECKSUM TABLE of every table for the manifest, while MySQL still runs. */
    TABLE_CHECKSUMS("table-checksums", BackupStatus.Queued),
    STOP_MYSQL("stop-mysql", BackupStatus.StoppingMySQL),
    PROVE_DOWN("prove-mysql-down", BackupStatus.StoppingMySQL),
    SNAPSHOT("snapshot", BackupStatus.Compressing),
    START_MYSQL("start-mysql", BackupStatus.StartingMySQL),
    VERIFY_MYSQL("verify-mysql", BackupStatus.Verifying),
    /** Zips the copy the {@code copy} and {@code reflink} strategies took; MySQL already serves again. */
    PACKAGE("package", BackupStatus.Compressing),
    TRANSFER("transfer", BackupStatus.Transferring),
    FINALIZE("finalize", BackupStatus.Transferring),
    CLEANUP("cleanup", BackupStatus.Transferring);

    private final String label;
    private final BackupStatus status;

    BackupStep(String label, BackupStatus status) {
        this.label = label;
        this.status = status;
    }

    /** Name used in logs, error messages and {@code BackupLogs.Step}. */
    public String label() {
        return label;
    }

    public BackupStatus status() {
        return status;
    }
}
