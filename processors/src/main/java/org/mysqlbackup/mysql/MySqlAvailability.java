package org.mysqlbackup.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Asks MySQL {@code SELECT 1} over JDBC: the only proof that it serves clients again. */
public class MySqlAvailability {
    private final MySqlInstance instance;
    private final Duration timeout;

    public MySqlAvailability(MySqlInstance instance, Duration timeout) {
        this.instance = instance;
        this.timeout = timeout;
    }

    /**
     * @return the server version
     * @throws MySqlUnavailableException if MySQL does not answer within the timeout
     */
    public String verify() {
        try (Connection c = DriverManager.getConnection(instance.jdbcUrl((int) timeout.toMillis()),
                instance.user(), instance.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1, VERSION()")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new MySqlUnavailableException("MySQL at " + instance.host() + ":" + instance.port()
                        + " answered SELECT 1 with something else");
            }
            return rs.getString(2);
        } catch (SQLException e) {
            throw new MySqlUnavailableException("MySQL at " + instance.host() + ":" + instance.port()
                    + " does not answer: " + e.getMessage(), e);
        }
    }
}
