package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.mysql.MySqlAvailability;
import org.mysqlbackup.mysql.MySqlDownProof;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.mysql.MySqlStopFailedException;
import org.mysqlbackup.mysql.ServiceControl;
import org.mysqlbackup.mysql.ServiceControls;
import org.mysqlbackup.mysql.ServiceStopSequence;
import org.mysqlbackup.mysql.StopAttempt;
import org.mysqlbackup.mysql.StopEscalationPolicy;
import org.mysqlbackup.mysql.StopOutcome;
import org.mysqlbackup.mysql.StopStage;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.TestPaths;

/**
 * A real mariadbd behind a stop command that does nothing ({@code true}), so only escalation can stop
 * it. Without permission to kill, the backup gives up asking for a person and MySQL keeps running;
 * with it, mariadbd is terminated (SIGKILL right after SIGTERM, or SIGTERM alone when given time),
 * proven down, started again, and its data is intact, after InnoDB crash recovery in the SIGKILL case.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StopEscalationIT {
    private static MariaDbSandbox mysql;
    private static Map<String, Long> checksumsBefore;
    private static Map<String, Long> rowCountsBefore;

    @BeforeAll
    static void startMySql() {
        mysql = MariaDbSandbox.create(TestPaths.sandboxBase());
        mysql.start();
        mysql.loadSampleData();
        checksumsBefore = mysql.checksums();
        rowCountsBefore = mysql.rowCounts();
    }

    @AfterAll
    static void stopMySql() {
        if (mysql != null) {
            mysql.close();
        }
    }

    @BeforeEach
    void mySqlRuns() {
        assertThat(mysql.isRunning()).as("MySQL runs before each scenario").isTrue();
    }

    @Test
    @Order(1)
    void withoutPermissionToKillAPersonIsAskedForAndMySqlKeepsRunning() {
        Map<String, String> properties = properties();
        properties.put("mysql.stop.allow-kill", "false");
        long pid = proof().currentPid().orElseThrow();

        assertThatThrownBy(() -> sequence(properties).stop())
                .isInstanceOfSatisfying(MySqlStopFailedException.class, e -> {
                    assertThat(e.getMessage())
                            .startsWith("MySQL could not be stopped")
                            .contains("terminating the process is not allowed (mysql.stop.allow-kill=false)")
                            .contains("1) stop command of custom commands (timeout 2 s): finished")
                            .contains("3) stop command of custom commands (timeout 4 s): finished")
                            .contains("Still running: process " + pid + " is alive; pid file " + mysql.pidFile()
                                    + " exists; port 127.0.0.1:" + mysql.port() + " accepts connections")
                            .contains("custom commands reports running")
                            .contains("Manual intervention needed");
                    assertThat(e.signsOfLife()).hasSize(3);
                });

        assertThat(mysql.isRunning()).isTrue();
        assertThat(proof().currentPid()).hasValue(pid);
    }

    @Test
    @Order(2)
    void withPermissionMariadbdIsKilledProvenDownAndRecoversItsData() {
        Map<String, String> properties = properties();
        properties.put("mysql.stop.allow-kill", "true");
        properties.put("mysql.stop.kill-grace-ms", "0"); // no time for a clean shutdown: SIGKILL at once
        long errorLogBefore = size(mysql.errorLog());

        StopOutcome outcome = sequence(properties).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.KILLED);
        assertThat(outcome.crashConsistent()).isTrue();
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(3)); // 1 s + 2 s of waiting
        assertThat(outcome.attempts()).extracting(StopAttempt::result)
                .contains("killed with SIGKILL", "removed")
                .endsWith("MySQL is down");
        assertThat(proof().signsOfLife(outcome.pid())).isEmpty();
        assertThat(mysql.isRunning()).isFalse();

        startAgainAndCompare(properties);
        assertThat(logSince(mysql.errorLog(), errorLogBefore)).containsIgnoringCase("crash recovery");
    }

    @Test
    @Order(3)
    void givenAGracePeriodMariadbdShutsDownCleanlyOnSigterm() {
        Map<String, String> properties = properties();
        properties.put("mysql.stop.allow-kill", "true");
        properties.put("mysql.stop.kill-grace-ms", "60000");

        StopOutcome outcome = sequence(properties).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.TERMINATED);
        assertThat(outcome.crashConsistent()).isFalse();
        assertThat(outcome.attempts()).extracting(StopAttempt::result).contains("exited on SIGTERM");
        assertThat(proof().signsOfLife(outcome.pid())).isEmpty();

        startAgainAndCompare(properties);
    }

    private static void startAgainAndCompare(Map<String, String> properties) {
        ServiceControl control = ServiceControls.fromSettings(settings(properties), new CommandRunner());
        control.start(Duration.ofSeconds(30));
        MySqlAvailability availability = new MySqlAvailability(instance(), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> availability.verify() != null);
        assertThat(mysql.checksums()).isEqualTo(checksumsBefore).isNotEmpty();
        assertThat(mysql.rowCounts()).isEqualTo(rowCountsBefore);
    }

    private static ServiceStopSequence sequence(Map<String, String> properties) {
        Settings settings = settings(properties);
        return new ServiceStopSequence(ServiceControls.fromSettings(settings, new CommandRunner()), proof(),
                StopEscalationPolicy.fromSettings(settings));
    }

    private static Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("mysql.service.strategy", "command");
        properties.put("mysql.service.stop-command", "true");
        properties.put("mysql.service.start-command", mysql.startCommand());
        properties.put("mysql.service.status-command", mysql.statusCommand());
        properties.put("mysql.stop.timeout-ms", "2000");
        properties.put("mysql.down.timeout-ms", "1000");
        properties.put("mysql.stop.escalation-factor", "2");
        return properties;
    }

    private static Settings settings(Map<String, String> properties) {
        return new Settings(key -> Optional.ofNullable(properties.get(key)));
    }

    private static MySqlDownProof proof() {
        return new MySqlDownProof(instance(), Duration.ofSeconds(60));
    }

    private static MySqlInstance instance() {
        return new MySqlInstance("127.0.0.1", mysql.port(), mysql.user(), mysql.password(), mysql.datadir(),
                mysql.pidFile());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String logSince(Path file, long offset) {
        try {
            byte[] all = Files.readAllBytes(file);
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
