package org.mysqlbackup.observe;

/** SQL for the ISO-8601 UTC times the history keeps as text. */
final class SqlTimes {
    /** Unix time in (fractional) seconds of the column named by the one {@code %s}. */
    static final String EPOCH_SECONDS = "(julianday(%s) - 2440587.5) * 86400.0";

    private SqlTimes() {
    }
}
