package org.mysqlbackup.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mysqlbackup.client.run.Archive;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.client.run.Delivery;
import org.mysqlbackup.client.run.Outcome;

/**
 * The outcome of one backup as the CLI prints it (one JSON line) and the UI will show it.
 *
 * @param file       name of the stored file on the server, null unless Completed
 * @param path       its path relative to the server's storage root
 * @param bytes      size of the zip
 * @param downtimeMs from the stop command to MySQL answering again; null if MySQL was not stopped
 * @param step       the step that failed, null on success
 * @param mysqlRunning whether MySQL answered as the configured instance when the backup ended (measured);
 *                     null (left out of the JSON) when no MySQL instance is involved ({@code send}, {@code resume})
 * @param snapshot   how the data directory was captured while MySQL was down: zip, copy or reflink
 * @param snapshotNote why {@code snapshot} differs from the configured strategy (reflink fell back to copy)
 * @param timingsMs  the phases of the backup in milliseconds (stop, capture, package, downtime, ...)
 * @param warnings   what the operator should fix though the backup went on (tables the account could not
 *                   read, so not checksummed); null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSummary(String status, long backupId, String config, String file, String path, Long bytes,
                            String sha256, Long downtimeMs, long durationMs, String step, String error,
                            Boolean mysqlRunning, String resumeToken, String snapshot, String snapshotNote,
                            java.util.Map<String, Long> timingsMs, java.util.List<String> warnings) {

    public static BackupSummary of(BackupRun run) {
        Outcome outcome = run.outcome().orElseThrow(() -> new IllegalStateException("backup " + run.logId()
                + " has not ended"));
        boolean completed = outcome.status() == BackupStatus.Completed;
        Archive archive = run.archive();
        Delivery delivery = run.delivery();
        return new BackupSummary(outcome.status().name(), run.logId(), run.configName(), delivery.storedName(),
                delivery.storedPath(), archive.size() > 0 ? archive.size() : null, archive.sha256(),
                run.downtime().duration().map(d -> d.toMillis()).orElse(null), run.duration().toMillis(),
                completed ? null : outcome.step().map(BackupStep::label).orElse(null),
                outcome.failure().orElse(null), outcome.mysqlRunning(),
                completed ? null : delivery.transferId(), archive.snapshotMethod().orElse(null),
                archive.snapshotNote().orElse(null),
                run.timingsMs().isEmpty() ? null : run.timingsMs(), run.warnings().isEmpty() ? null : run.warnings());
    }
}
