package org.mysqlbackup.observe;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Ready while the side's database answers a query. */
public final class DatabaseReadiness extends ReadinessCheck {
    private final DataSource db;

    public DatabaseReadiness(DataSource db) {
        super("database");
        this.db = db;
    }

    @Override
    protected String problem() {
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            statement.executeQuery("SELECT 1").close();
            return null;
        } catch (SQLException e) {
            return "the database does not answer: " + e.getMessage();
        }
    }
}
