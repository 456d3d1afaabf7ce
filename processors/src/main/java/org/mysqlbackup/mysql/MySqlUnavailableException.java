package org.mysqlbackup.mysql;

/** MySQL did not answer a query. */
public class MySqlUnavailableException extends RuntimeException {
    public MySqlUnavailableException(String message) {
        super(message);
    }

    public MySqlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
