package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.ClientBeans;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.SqliteDatabase;
import org.mysqlbackup.schedule.Schedule;
import org.mysqlbackup.schedule.ScheduleStore;
import org.mysqlbackup.server.overdue.Expectation;
import org.mysqlbackup.server.overdue.OverdueStore;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * A real client with weekday schedules sends their longest gap (Friday to Monday: 72 h) with its
 * transfer, and the real server stores it as the configuration's expected interval.
 */
class ScheduleIntervalSentIT {

    @Test
    void theServerLearnsTheIntervalOfTheClientsSchedules() throws Exception {
        Path work = TestPaths.scratch(ScheduleIntervalSentIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        try (BackupServerFixture server = BackupServerFixture.start(work.resolve("server"), certs)) {
            BackupClientFixture client = new BackupClientFixture(work.resolve("client"), server.port(),
                    certs.properties(certs.client("weekdays")));
            DataSource clientDb = ClientBeans.database(new Settings(key -> Optional.ofNullable(
                    client.properties().get(key))));
            try {
                new Sql(clientDb, "client database").update("INSERT INTO BackupConfigurations (Name,"
                        + " MySQLConnectionString, DataDirectoryPath, ServiceName, TargetServerIP, TargetServerPort,"
                        + " TargetDirectory, NamingStrategy) VALUES ('it', '', '', '', '', 0, '', '')");
                ScheduleStore schedules = new ScheduleStore(clientDb, Clock.systemUTC());
                schedules.add(Schedule.cron("it", "0 0 2 ? * MON-FRI", ZoneId.of("UTC")));
                // a disabled schedule does not fill the weekend
                schedules.add(Schedule.cron("it", "0 0 2 ? * SAT,SUN", ZoneId.of("UTC")).withEnabled(false));
            } finally {
                ((AutoCloseable) clientDb).close();
            }
            byte[] bytes = new byte[100_000];
            new Random(7).nextBytes(bytes);
            Path file = Files.write(work.resolve("dump.zip"), bytes);

            BackupSummary summary = client.send(file);
            assertThat(summary.status()).isEqualTo("Completed");

            DataSource serverDb = SqliteDatabase.open(work.resolve("server/server.db"), Duration.ofSeconds(10));
            try {
                assertThat(new OverdueStore(serverDb).expectations(List.of())).containsExactly(
                        new Expectation("weekdays", "it", Duration.ofHours(72), "client"));
            } finally {
                ((AutoCloseable) serverDb).close();
            }
        }
    }
}
