package org.mysqlbackup.mysql;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Stops and starts the MySQL service the way this host runs it (systemd, a SysV script, the Windows
 * service manager, custom commands, or a SQL {@code SHUTDOWN}). Each call returns when the command has
 * finished; proving that MySQL is really down or up is the caller's job ({@link MySqlDownProof},
 * {@link MySqlAvailability}), and {@link ServiceStopSequence} escalates when a stop does not take.
 */
public interface ServiceControl {
    /** @throws CommandFailedException if the stop command fails or overruns {@code timeout} */
    void stop(Duration timeout);

    /** @throws CommandFailedException if the start command fails or overruns {@code timeout} */
    void start(Duration timeout);

    /**
     * Like {@link #stop(Duration)}, telling {@code command} which process runs the stop command, for
     * controls that run one: a stop command lives on if its caller dies, and a guard must wait for it.
     */
    default void stop(Duration timeout, Consumer<ProcessHandle> command) {
        stop(timeout);
    }

    /** Like {@link #start(Duration)}, telling {@code command} which process runs the start command. */
    default void start(Duration timeout, Consumer<ProcessHandle> command) {
        start(timeout);
    }

    /**
     * What the service manager reports. Never proof that MySQL is down: a unit can be "inactive" while
     * a mysqld started by hand holds the data directory.
     *
     * @return {@link ServiceState#UNKNOWN} when this control has no status command
     * @throws CommandFailedException if the status command cannot be run or overruns {@code timeout}
     */
    default ServiceState status(Duration timeout) {
        return ServiceState.UNKNOWN;
    }

    /** A short description for logs, such as "systemd unit mariadb". */
    String describe();

    /** How MySQL is started, as an operator would type it, e.g. {@code 'systemctl start mariadb'}. */
    default String startCommandLine() {
        return describe();
    }
}
