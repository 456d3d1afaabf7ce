package org.mysqlbackup.server.alerts;

/**
 * Where the server's processors report what operators must hear of. The server binds one under
 * the name {@code serverAlerts}. Implementations never throw: an alert that cannot be sent is
 * logged, and the work that raised it goes on.
 */
@FunctionalInterface
public interface ServerAlerts {
    void raise(ServerAlert alert);
}
