package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.mysql.CommandFailedException;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.mysql.MySqlAvailability;
import org.mysqlbackup.mysql.MySqlDownProof;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.mysql.ServiceControl;
import org.mysqlbackup.mysql.ServiceControls;
import org.mysqlbackup.mysql.ServiceState;
import org.mysqlbackup.mysql.ServiceStopSequence;
import org.mysqlbackup.mysql.SqlShutdownServiceControl;
import org.mysqlbackup.mysql.StopEscalationPolicy;
import org.mysqlbackup.mysql.StopOutcome;
import org.mysqlbackup.mysql.StopStage;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.TestPaths;

/**
 * The sql-shutdown strategy against a real mariadbd: SHUTDOWN over JDBC stops it (however the server
 * ends the connection), the proof confirms it is down, the start command brings it back with its data.
 * An account without the SHUTDOWN privilege gets a message naming the privilege, and MySQL keeps running.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlShutdownIT {
    private static final String UNPRIVILEGED = "no_shutdown";
    private static final String UNPRIVILEGED_PASSWORD = "Unpriv-7f3k";

    private static MariaDbSandbox mysql;
    private static Map<String, Long> checksumsBefore;

    @BeforeAll
    static void startMySql() {
        mysql = MariaDbSandbox.create(TestPaths.sandboxBase());
        mysql.start();
        mysql.loadSampleData();
        mysql.execute("CREATE USER '" + UNPRIVILEGED + "'@'127.0.0.1' IDENTIFIED BY '" + UNPRIVILEGED_PASSWORD + "'");
        checksumsBefore = mysql.checksums();
    }

    @AfterAll
    static void stopMySql() {
        if (mysql != null) {
            mysql.close();
        }
    }

    @Test
    @Order(1)
    void anAccountWithoutTheShutdownPrivilegeIsToldSoAndMySqlKeepsRunning() {
        Map<String, String> properties = properties();
        properties.put("mysql.service.shutdown-user", UNPRIVILEGED);
        properties.put("mysql.service.shutdown-password", UNPRIVILEGED_PASSWORD);
        ServiceControl control = ServiceControls.fromSettings(settings(properties), new CommandRunner());
        long pid = new MySqlDownProof(instance(), Duration.ofSeconds(1)).currentPid().orElseThrow();

        assertThatThrownBy(() -> control.stop(Duration.ofSeconds(10)))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("refused SHUTDOWN: the account '" + UNPRIVILEGED
                        + "' lacks the SHUTDOWN privilege")
                .hasMessageContaining("mysql.service.shutdown-user")
                .hasMessageContaining("SHUTDOWN privilege(s) for this operation");

        assertThat(mysql.isRunning()).isTrue();
        assertThat(new MySqlDownProof(instance(), Duration.ofSeconds(1)).signsOfLife(Optional.of(pid)))
                .contains("process " + pid + " is alive");
    }

    @Test
    @Order(2)
    void shutdownOverJdbcStopsMySqlAndTheStartCommandBringsItBack() {
        ServiceControl control = ServiceControls.fromSettings(settings(properties()), new CommandRunner());
        assertThat(control).isInstanceOf(SqlShutdownServiceControl.class);
        assertThat(control.status(Duration.ofSeconds(10))).isEqualTo(ServiceState.RUNNING);
        MySqlDownProof proof = new MySqlDownProof(instance(), Duration.ofSeconds(60));
        StopEscalationPolicy noKill = new StopEscalationPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60), 2,
                false, Duration.ZERO, Duration.ZERO, StopEscalationPolicy.DEFAULT_KILL_PROCESS_NAMES);

        StopOutcome outcome = new ServiceStopSequence(control, proof, noKill).stop();

        assertThat(outcome.stage()).isEqualTo(StopStage.GRACEFUL);
        assertThat(outcome.pid()).isPresent();
        assertThat(outcome.attempts().get(0).result()).isEqualTo("finished");
        assertThat(proof.signsOfLife(outcome.pid())).isEmpty();
        assertThat(mysql.pidFile()).doesNotExist();
        assertThat(mysql.isRunning()).isFalse();
        assertThat(control.status(Duration.ofSeconds(10))).isEqualTo(ServiceState.STOPPED);

        control.start(Duration.ofSeconds(30));

        MySqlAvailability availability = new MySqlAvailability(instance(), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> availability.verify() != null);
        assertThat(control.status(Duration.ofSeconds(10))).isEqualTo(ServiceState.RUNNING);
        OptionalLong restarted = new MySqlDownProof(instance(), Duration.ofSeconds(1)).currentPid();
        assertThat(restarted).isPresent();
        assertThat(restarted.getAsLong()).isNotEqualTo(outcome.pid().orElseThrow());
        assertThat(mysql.checksums()).isEqualTo(checksumsBefore).isNotEmpty();
    }

    private static Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("mysql.service.strategy", "sql-shutdown");
        properties.put("mysql.host", "127.0.0.1");
        properties.put("mysql.port", Integer.toString(mysql.port()));
        properties.put("mysql.user", mysql.user());
        properties.put("mysql.password", mysql.password());
        properties.put("mysql.service.start-command", mysql.startCommand());
        properties.put("mysql.service.status-command", mysql.statusCommand());
        return properties;
    }

    private static Settings settings(Map<String, String> properties) {
        return new Settings(key -> Optional.ofNullable(properties.get(key)));
    }

    private static MySqlInstance instance() {
        return new MySqlInstance("127.0.0.1", mysql.port(), mysql.user(), mysql.password(), mysql.datadir(),
                mysql.pidFile());
    }
}
