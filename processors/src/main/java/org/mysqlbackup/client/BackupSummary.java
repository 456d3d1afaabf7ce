package org.mysqlbackup.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of one backup as the CLI prints it (one JSON line) and the UI will show it.
 *
 * @param file       name of the stored file on the server, null unless Completed
 * @param path       its path relative to the server's storage root
 * @param bytes      size of the zip
 * @param downtimeMs from the stop command to MySQL answering again; null if MySQL was not stopped
 * @param step       the step that failed, null on success
 * @param mysqlRunning false only if MySQL was stopped and did not come back
 * @param snapshot   how the data directory was captured while MySQL was down: zip, copy or reflink
 * @param snapshotNote why {@code snapshot} differs from the configured strategy (reflink fell back to copy)
 * @param timingsMs  the phases of the backup in milliseconds (stop, capture, package, downtime, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSummary(String status, long backupId, String config, String file, String path, Long bytes,
                            String sha256, Long downtimeMs, long durationMs, String step, String error,
                            boolean mysqlRunning, String resumeToken, String snapshot, String snapshotNote,
                            java.util.Map<String, Long> timingsMs) {

    public static BackupSummary of(BackupRun run) {
        BackupStatus status = run.finalStatus().orElse(BackupStatus.Failed);
        boolean completed = status == BackupStatus.Completed;
        return new BackupSummary(status.name(), run.logId(), run.configName(), run.storedName(), run.storedPath(),
                run.zipSize() > 0 ? run.zipSize() : null, run.sha256(),
                run.downtime().map(d -> d.toMillis()).orElse(null), run.duration().toMillis(),
                completed ? null : run.failedStep().map(BackupStep::label).orElse(null),
                run.failureReason().orElse(null), run.restartFailure().isEmpty(),
                completed ? null : run.transferId(), run.snapshotMethod().orElse(null),
                run.snapshotNote().orElse(null),
                run.timingsMs().isEmpty() ? null : run.timingsMs());
    }
}
