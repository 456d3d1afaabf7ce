package org.mysqlbackup.fetch;

import java.time.Instant;
import org.mysqlbackup.protocol.ListedBackup;

/**
 * A backup stored on the server, as the server lists it.
 *
 * @param verifyState the last verify's result on the server, null when never verified
 * @param drillState  the last restorability drill's result, null when never drilled
 */
public record StoredBackupInfo(long id, String clientId, String configName, Instant createdAt, long size,
                               String sha256, String fileName, String verifyState, String drillState) {
    static StoredBackupInfo of(ListedBackup listed) {
        return new StoredBackupInfo(listed.id(), listed.clientId(), listed.configName(),
                Instant.ofEpochMilli(listed.createdAtMs()), listed.size(), listed.sha256(), listed.fileName(),
                listed.verifyState(), listed.drillState());
    }
}
