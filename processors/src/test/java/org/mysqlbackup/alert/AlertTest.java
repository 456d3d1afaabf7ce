package org.mysqlbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertTest {

    @Test
    void theCriticalSubjectSaysMySqlIsNotRunning() {
        assertThat(SampleAlerts.critical().subject()).isEqualTo(
                "[mysql-backup] CRITICAL on db-host-1: backup 'main' failed at start-mysql, MySQL is NOT running");
    }

    @Test
    void theFailureSubjectSaysMySqlIsRunning() {
        assertThat(SampleAlerts.failure().subject()).isEqualTo(
                "[mysql-backup] FAILURE on db-host-1: backup 'main' failed at snapshot, MySQL is running");
    }

    @Test
    void theBodyLabelsEveryFieldAndEndsWithTheAction() {
        Alert alert = SampleAlerts.critical();

        assertThat(alert.body()).isEqualTo("""
                [mysql-backup] CRITICAL on db-host-1: backup 'main' failed at start-mysql, MySQL is NOT running

                Severity:       CRITICAL
                MySQL:          MySQL is NOT running
                Host:           db-host-1
                Configuration:  main
                Backup id:      42
                Failed step:    start-mysql
                Time:           2025-01-31 02:00:07 UTC
                Reason:         systemctl start mariadb exited with 1: Datenbank läuft nicht (InnoDB: log file corrupt)

                WHAT TO DO NOW
                ==============
                Start MySQL by hand (systemctl start mariadb) and read its error log; no backup runs until it answers.
                """);
    }

    @Test
    void theSubjectTellsTheMeasuredStateOfMySqlWhateverTheSeverity() {
        // MySQL refused to stop: a person must act, but MySQL runs, and the subject says so
        Alert refusedToStop = new Alert(AlertSeverity.CRITICAL, "h", "main", 7, "stop-mysql", "r", "a", Instant.EPOCH,
                true);
        Alert noInstance = new Alert(AlertSeverity.FAILURE, "h", "main", 8, "transfer", "r", "a", Instant.EPOCH, null);

        assertThat(refusedToStop.subject()).endsWith("failed at stop-mysql, MySQL is running");
        assertThat(refusedToStop.body()).contains("MySQL:          MySQL is running");
        assertThat(noInstance.subject()).endsWith("failed at transfer").doesNotContain("MySQL");
        assertThat(noInstance.body()).contains("MySQL:          no MySQL instance involved");
    }

    @Test
    void aBackupWithoutIdSaysSo() {
        Alert alert = new Alert(AlertSeverity.FAILURE, "h", "main", 0, "pre-flight", "r", "a", Instant.EPOCH, true);

        assertThat(alert.body()).contains("Backup id:      (none)");
    }

    @Test
    void lineBreaksCannotSplitTheSubject() {
        Alert alert = new Alert(AlertSeverity.FAILURE, "db-host-1\r\nBcc: x@evil.example", "main", 1, "snap\nshot",
                "r", "a", Instant.EPOCH, true);

        assertThat(alert.subject()).doesNotContain("\n", "\r")
                .contains("db-host-1 Bcc: x@evil.example", "failed at snap shot");
    }

    @Test
    void passwordsQuotedInReasonsAndActionsAreMasked() {
        Alert alert = new Alert(AlertSeverity.CRITICAL, "h", "main", 1, "pre-flight",
                "jdbc:mariadb://db:3306/?user=backup&password=Sup3rSecret&ssl=true failed; mysqladmin --password='a b' said no,"
                        + " token: abc123",
                "Check PASSWORD=hunter2 in the environment", Instant.EPOCH, true);

        assertThat(alert.reason())
                .doesNotContain("Sup3r", "a b", "abc123")
                .contains("user=backup&password=******&ssl=true", "--password=******", "token: ******");
        assertThat(alert.action()).isEqualTo("Check PASSWORD=****** in the environment");
    }

    @Test
    void everyFieldIsRequired() {
        assertThatThrownBy(() -> new Alert(null, "h", "c", 1, "s", "r", "a", Instant.EPOCH, true))
                .hasMessageContaining("severity");
        assertThatThrownBy(() -> new Alert(AlertSeverity.FAILURE, " ", "c", 1, "s", "r", "a", Instant.EPOCH, true))
                .hasMessageContaining("host");
        assertThatThrownBy(() -> new Alert(AlertSeverity.FAILURE, "h", "c", 1, "s", "r", "", Instant.EPOCH, true))
                .hasMessageContaining("action");
        assertThatThrownBy(() -> new Alert(AlertSeverity.FAILURE, "h", "c", 1, "s", "r", "a", null, true))
                .hasMessageContaining("time");
    }

    @Test
    void severitiesAreOrdered() {
        assertThat(AlertSeverity.CRITICAL.isAtLeast(AlertSeverity.FAILURE)).isTrue();
        assertThat(AlertSeverity.FAILURE.isAtLeast(AlertSeverity.CRITICAL)).isFalse();
        assertThat(AlertSeverity.parse(" Critical ")).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(AlertSeverity.parse("warning")).isNull();
    }
}
