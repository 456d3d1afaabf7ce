package org.mysqlbackup.server.alerts;

import java.util.Objects;
import org.mysqlbackup.alert.AlertSeverity;

/**
 * Something the server's operators must hear of.
 *
 * @param kind     what it is about
 * @param severity {@link AlertSeverity#CRITICAL} when backups are being lost now (storage full,
 *                 a file refused), {@link AlertSeverity#FAILURE} otherwise
 * @param clientId the client it concerns, or null (storage, the server's own certificate)
 * @param configName the backup configuration it concerns, or null
 * @param reason   what happened, for the operator (no secret)
 * @param action   what to do, one or two sentences
 */
public record ServerAlert(ServerAlertKind kind, AlertSeverity severity, String clientId, String configName,
                          String reason, String action) {
    public ServerAlert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(action, "action");
    }
}
