package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.ClientBeans;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestPaths;

/**
 * A schedule changed through the real CLI while the client daemon runs: the daemon fires at the
 * new time (not before), the backup of that configuration completes, and nobody restarted
 * anything. A second schedule of the same configuration firing during that backup is skipped.
 */
class ScheduleChangeIT {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String CONFIG = "nightly";

    @Test
    void aScheduleChangedThroughTheCliFiresAtItsNewTimeWithoutARestart() throws Exception {
        try (SampleSite site = SampleSite.start(ScheduleChangeIT.class)) {
            Path work = site.work();
            BackupClientFixture client = new BackupClientFixture(work.resolve("client"), site.mysql(),
                    site.server().port(), site.certs().properties(site.certs().client("scheduled")))
                    .set("schedule.enabled", "true")
                    .set("schedule.refresh-ms", "500");
            addConfiguration(client, CONFIG);
            cli(client, work, "set-far", "schedule", "set", CONFIG, "--cron", "0 0 0 1 1 ? 2099", "--time-zone", "UTC");

            try (AppProcess daemon = AppProcess.start(client.commandLine(), work.resolve("daemon.log"))) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> daemon.log().contains("Schedule 1 of '" + CONFIG + "' cron '0 0 0 1 1 ? 2099'"));
                assertThat(daemon.log()).as("the daemon's ready line").contains("mysql-backup client daemon ready: "
                        + "1 schedules loaded, next firing 2099-01-01T00:00Z[UTC] for '" + CONFIG + "' ("
                        + TestPaths.clientConfig().toAbsolutePath() + ")");

                // a few seconds ahead: long enough for two CLI runs and one refresh of the daemon
                ZonedDateTime at = ZonedDateTime.now(UTC).plusSeconds(25).withNano(0);
                String cron = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " " + at.getDayOfMonth()
                        + " " + at.getMonthValue() + " ? " + at.getYear();
                cli(client, work, "set-soon", "schedule", "set", CONFIG, "--cron", cron, "--time-zone", "UTC");
                // a second schedule of the same configuration, firing while the first one's backup runs
                cli(client, work, "add-overlap", "schedule", "add", CONFIG, "--cron", cron, "--time-zone", "UTC");
                String listed = cli(client, work, "list", "schedule", "list", CONFIG);
                assertThat(listed).contains("next: " + at.toInstant().atZone(UTC));
                assertThat(Instant.now()).as("the CLI runs must end before the schedule is due")
                        .isBefore(at.toInstant().minusSeconds(1));
                assertThat(backupsOf(client)).as("nothing ran before the new time").isEmpty();

                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                        .until(() -> backupsOf(client).stream().anyMatch(r -> r.status() == BackupStatus.Completed));
                // the skipped firing is logged right when it is handed over, long before the backup ends
                assertThat(daemon.log()).contains("Scheduled backup of '" + CONFIG + "' skipped");
                List<BackupLogRow> rows = backupsOf(client);
                assertThat(rows).as("one backup: the overlapping firing was skipped, not queued").hasSize(1);
                assertThat(rows.get(0).triggeredBy()).as("recorded as scheduled").isEqualTo("schedule");
                Instant started = Instant.parse(rows.get(0).startTime());
                assertThat(started).as("started at the new time, not before")
                        .isAfterOrEqualTo(at.toInstant()).isBefore(at.toInstant().plusSeconds(30));
                assertThat(daemon.isAlive()).as("the daemon ran throughout").isTrue();
                assertThat(site.server().storedFiles()).hasSize(1);
                daemon.terminate();
                daemon.waitFor(60);
                assertThat(daemon.log()).containsPattern("mysql-backup client daemon stopped after PT");
            }
        }
    }

    private static List<BackupLogRow> backupsOf(BackupClientFixture client) {
        return client.logs().recent(10).stream().filter(r -> CONFIG.equals(r.configName())).toList();
    }

    /** A configuration row with the V1 columns; its settings are the client.properties ones. */
    private static void addConfiguration(BackupClientFixture client, String name) throws Exception {
        DataSource db = ClientBeans.database(new Settings(key -> Optional.ofNullable(client.properties().get(key))));
        try {
            new Sql(db, "client database").update("INSERT INTO BackupConfigurations (Name, MySQLConnectionString,"
                    + " DataDirectoryPath, ServiceName, TargetServerIP, TargetServerPort, TargetDirectory, NamingStrategy)"
                    + " VALUES (?, '', '', '', '', 0, '', '')", name);
        } finally {
            ((AutoCloseable) db).close();
        }
    }

    private static String cli(BackupClientFixture client, Path work, String logName, String... command) throws Exception {
        try (AppProcess cli = AppProcess.start(client.commandLine(command), work.resolve("cli-" + logName + ".log"))) {
            assertThat(cli.waitFor(60)).as("exit code of %s; output:%n%s", List.of(command), cli.log()).isZero();
            return cli.log();
        }
    }
}
