package org.mysqlbackup.mysql;

/** MySQL could not be proven down, so no file of its data directory may be read. */
public class MySqlStillRunningException extends RuntimeException {
    public MySqlStillRunningException(String message) {
        super(message);
    }
}
