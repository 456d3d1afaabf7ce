package org.mysqlbackup.drill;

import java.sql.Connection;
import java.sql.SQLException;

/** A server booted on a restored data directory, for the drill's checks; stopped by the drill on every path. */
public interface RunningServer {
    /** A new connection; the caller closes it. */
    Connection connect() throws SQLException;

    /**
     * Stops the server and waits until its process is gone: a clean shutdown first, then signals.
     *
     * @throws IllegalStateException if the process is still there after SIGKILL and the wait
     */
    void stop();
}
