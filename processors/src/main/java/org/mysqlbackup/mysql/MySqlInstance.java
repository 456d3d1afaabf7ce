package org.mysqlbackup.mysql;

import java.nio.file.Path;

/**
 * The MySQL/MariaDB instance a client backs up. The password is held only in memory; it comes
 * from the environment or an encrypted property, never from a committed file.
 */
public record MySqlInstance(String host, int port, String user, String password, Path dataDirectory, Path pidFile) {

    public String jdbcUrl(int timeoutMillis) {
        return "jdbc:mariadb://" + host + ":" + port + "/?connectTimeout=" + timeoutMillis
                + "&socketTimeout=" + timeoutMillis;
    }

    @Override
    public String toString() {
        return "MySqlInstance[" + user + "@" + host + ":" + port + ", datadir=" + dataDirectory + "]";
    }
}
