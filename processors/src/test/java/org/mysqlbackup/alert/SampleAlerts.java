package org.mysqlbackup.alert;

import java.time.Instant;

/** Alerts with recognisable values in every field, so a test can find each one in the output. */
final class SampleAlerts {
    static final Instant TIME = Instant.parse("2025-01-31T02:00:07Z");

    private SampleAlerts() {
    }

    static Alert critical() {
        return new Alert(AlertSeverity.CRITICAL, "db-host-1", "main", 42, "start-mysql",
                "systemctl start mariadb exited with 1: Datenbank läuft nicht (InnoDB: log file corrupt)",
                "Start MySQL by hand (systemctl start mariadb) and read its error log; no backup runs until it answers.",
                TIME, false);
    }

    static Alert failure() {
        return new Alert(AlertSeverity.FAILURE, "db-host-1", "main", 43, "snapshot",
                "No space left on device while writing /var/tmp/mysql-backup/main-43.zip",
                "Free space in /var/tmp/mysql-backup or point work.dir at a larger disk; MySQL is serving again.",
                TIME, true);
    }
}
