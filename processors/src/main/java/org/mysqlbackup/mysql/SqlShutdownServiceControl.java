package org.mysqlbackup.mysql;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops MySQL with the SQL statement {@code SHUTDOWN} (MySQL 5.7.9+, MariaDB 10.0.4+), for hosts where
 * the backup may not run service commands, and starts it with a command. The account needs the
 * SHUTDOWN privilege. The server may drop the connection before or instead of answering; that is
 * the shutdown taking effect, so it counts as success. Like {@code sc.exe stop}, the statement only
 * begins the shutdown: the caller proves that MySQL is down.
 */
public class SqlShutdownServiceControl implements ServiceControl {
    private static final Logger LOG = LoggerFactory.getLogger(SqlShutdownServiceControl.class);

    static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    static final int ER_PARSE_ERROR = 1064;
    static final int ER_SERVER_SHUTDOWN = 1053;
    static final int ER_CONNECTION_KILLED = 1927;

    /** How the server answered a {@code SHUTDOWN}. */
    enum Answer {
        ACCEPTED, CONNECTION_CLOSED, SHUTTING_DOWN, TIMED_OUT, NO_PRIVILEGE, NOT_SUPPORTED, FAILED;

        boolean stopping() {
            return this == ACCEPTED || this == CONNECTION_CLOSED || this == SHUTTING_DOWN;
        }
    }

    private final MySqlInstance account;
    private final CommandServiceControl starter;

    /**
     * @param account where to connect and as whom (only host, port, user and password are used)
     * @param starter runs the start command and the optional status command
     */
    public SqlShutdownServiceControl(MySqlInstance account, CommandServiceControl starter) {
        this.account = account;
        this.starter = starter;
    }

    @Override
    public void stop(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        LOG.info("Sending SHUTDOWN to MySQL at {}:{} as '{}'", account.host(), account.port(), account.user());
        Connection connection;
        try {
            connection = DriverManager.getConnection(account.jdbcUrl(millis), account.user(), account.password());
        } catch (SQLException e) {
            throw new CommandFailedException("cannot connect to MySQL at " + where() + " as '" + account.user()
                    + "' to send SHUTDOWN: " + e.getMessage(), e);
        }
        Answer answer;
        SQLException error = null;
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
            answer = Answer.ACCEPTED;
        } catch (SQLException e) {
            // also when closing fails after an accepted SHUTDOWN: the server is going away
            error = e;
            answer = classify(e);
        }
        if (answer.stopping()) {
            LOG.info("MySQL at {} is shutting down ({})", where(), answer == Answer.ACCEPTED
                    ? "SHUTDOWN accepted" : "connection closed by the server during SHUTDOWN: " + error.getMessage());
            return;
        }
        throw new CommandFailedException(failureMessage(answer, error, timeout), error);
    }

    @Override
    public void start(Duration timeout) {
        starter.start(timeout);
    }

    @Override
    public void start(Duration timeout, Consumer<ProcessHandle> command) {
        starter.start(timeout, command);
    }

    @Override
    public ServiceState status(Duration timeout) {
        return starter.status(timeout);
    }

    @Override
    public String startCommandLine() {
        return starter.startCommandLine();
    }

    @Override
    public String describe() {
        return "SQL SHUTDOWN as '" + account.user() + "' at " + where();
    }

    public MySqlInstance account() {
        return account;
    }

    public CommandServiceControl starter() {
        return starter;
    }

    static Answer classify(SQLException e) {
        if (e instanceof SQLTimeoutException || causedBy(e, SocketTimeoutException.class)) {
            return Answer.TIMED_OUT;
        }
        switch (e.getErrorCode()) {
            case ER_SPECIFIC_ACCESS_DENIED:
                return Answer.NO_PRIVILEGE;
            case ER_PARSE_ERROR:
                return Answer.NOT_SUPPORTED;
            case ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED:
                return Answer.SHUTTING_DOWN;
            default:
                break;
        }
        String state = e.getSQLState();
        if ((state != null && state.startsWith("08")) || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException
                || causedBy(e, EOFException.class) || causedBy(e, SocketException.class)) {
            return Answer.CONNECTION_CLOSED;
        }
        return Answer.FAILED;
    }

    private String failureMessage(Answer answer, SQLException e, Duration timeout) {
        String said = e == null ? "" : e.getMessage();
        return switch (answer) {
            case NO_PRIVILEGE -> "MySQL at " + where() + " refused SHUTDOWN: the account '" + account.user()
                    + "' lacks the SHUTDOWN privilege (GRANT SHUTDOWN ON *.* TO it, or set "
                    + ServiceControls.SHUTDOWN_USER + " to an account that has it); MySQL said: " + said;
            case NOT_SUPPORTED -> "MySQL at " + where() + " does not know the SHUTDOWN statement (it needs MySQL"
                    + " 5.7.9+ or MariaDB 10.0.4+; choose another " + ServiceControls.STRATEGY + "); MySQL said: "
                    + said;
            case TIMED_OUT -> "MySQL at " + where() + " did not answer SHUTDOWN within " + timeout.toSeconds()
                    + " s: " + said;
            default -> "SHUTDOWN failed at " + where() + " with error " + e.getErrorCode() + " (SQLSTATE "
                    + e.getSQLState() + "): " + said;
        };
    }

    private String where() {
        return account.host() + ":" + account.port();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
