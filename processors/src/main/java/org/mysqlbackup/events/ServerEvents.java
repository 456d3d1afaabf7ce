package org.mysqlbackup.events;

import java.time.Clock;

/**
 * The server's events, published where the server records the same moment in its BackupLogs:
 * a transfer opened, stored, failed or refused; a verify or drill result. Takes plain values, so
 * the receiving, verify and drill code share it without depending on each other.
 */
public class ServerEvents {
    public static final String SIDE = "server";

    private final BackupEvents events;
    private final String host;
    private final Clock clock;

    public ServerEvents(BackupEvents events, String host, Clock clock) {
        this.events = events;
        this.host = host;
        this.clock = clock;
    }

    /** Events of nobody, for commands that run without the server (backup-server verify, drill). */
    public static ServerEvents none() {
        return new ServerEvents(BackupEvents.none(), null, Clock.systemUTC());
    }

    public void transferStarted(String client, String configuration, long backupId, String transferId,
                                long sizeBytes, String sha256) {
        events.publish(of(EventType.TRANSFER_STARTED, client, configuration).backupId(backupId)
                .transferId(transferId).status("Transferring").sizeBytes(sizeBytes).sha256(sha256).build());
    }

    /** @param fileName relative to the storage root */
    public void transferStored(String client, String configuration, long backupId, String transferId,
                               String fileName, long sizeBytes, String sha256) {
        events.publish(of(EventType.TRANSFER_STORED, client, configuration).backupId(backupId)
                .transferId(transferId).status("Completed").fileName(fileName).sizeBytes(sizeBytes).sha256(sha256)
                .build());
    }

    /** An opened transfer that ended without a stored file. */
    public void transferFailed(String client, String configuration, long backupId, String transferId, String reason) {
        events.publish(of(EventType.TRANSFER_FAILED, client, configuration).backupId(backupId)
                .transferId(transferId).status("Failed").reason(reason).build());
    }

    /** A transfer refused before it was opened (no room, storage unwritable). */
    public void transferRejected(String client, String configuration, String transferId, long sizeBytes,
                                 String reason) {
        events.publish(of(EventType.TRANSFER_REJECTED, client, configuration).transferId(transferId)
                .status("Rejected").sizeBytes(sizeBytes).reason(reason).build());
    }

    /** @param result intact, corrupt or missing */
    public void verified(String client, String configuration, long backupId, String fileName, String result,
                         String reason) {
        events.publish(of(EventType.VERIFY_RESULT, client, configuration).backupId(backupId).fileName(fileName)
                .result(result).reason(reason).build());
    }

    /** @param result passed, failed or could-not-boot */
    public void drilled(String client, String configuration, long backupId, String fileName, String result,
                        String reason) {
        events.publish(of(EventType.DRILL_RESULT, client, configuration).backupId(backupId).fileName(fileName)
                .result(result).reason(reason).build());
    }

    private BackupEvent.Builder of(EventType type, String client, String configuration) {
        return BackupEvent.of(type, SIDE, clock.instant()).host(host).client(client).configuration(configuration);
    }
}
