package org.mysqlbackup.mysql;

import java.time.Duration;

/**
 * Stops and starts the MySQL service the way this host runs it (systemd, a SysV script, custom
 * commands). Each call returns when the command has finished; proving that MySQL is really down
 * or up is the caller's job ({@link MySqlDownProof}, {@link MySqlAvailability}).
 */
public interface ServiceControl {
    /** @throws CommandFailedException if the stop command fails or overruns {@code timeout} */
    void stop(Duration timeout);

    /** @throws CommandFailedException if the start command fails or overruns {@code timeout} */
    void start(Duration timeout);

    /** A short description for logs, such as "systemd unit mariadb". */
    String describe();
}
