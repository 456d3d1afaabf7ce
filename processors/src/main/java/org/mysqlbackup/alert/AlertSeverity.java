package org.mysqlbackup.alert;

import java.util.Locale;

/**
 * How bad a failure is, in the order of urgency: a notifier with a minimum severity passes on
 * this one and everything after it in the declaration order.
 */
public enum AlertSeverity {
    /** A backup failed; MySQL is running and serving. Looking at it today is enough. */
    FAILURE,
    /** MySQL is not running, or was down without a backup process watching it: act now. */
    CRITICAL;

    public boolean isAtLeast(AlertSeverity minimum) {
        return compareTo(minimum) >= 0;
    }

    /** Parses {@code failure} or {@code critical}, in any case; {@code null} if it is neither. */
    static AlertSeverity parse(String value) {
        for (AlertSeverity severity : values()) {
            if (severity.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                return severity;
            }
        }
        return null;
    }
}
