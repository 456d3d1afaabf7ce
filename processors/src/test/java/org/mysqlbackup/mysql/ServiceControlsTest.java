package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/** Each strategy builds exactly the commands an operator would type; nothing is run. */
class ServiceControlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(42);

    private final Map<String, String> properties = new HashMap<>();
    private final Settings settings = new Settings(key -> Optional.ofNullable(properties.get(key)));
    private final RecordingRunner runner = new RecordingRunner();

    private ServiceControl control(String strategy) {
        properties.put("mysql.service.strategy", strategy);
        return ServiceControls.fromSettings(settings, runner);
    }

    @Test
    void systemdIsTheDefaultAndUsesSystemctl() {
        ServiceControl control = ServiceControls.fromSettings(settings, runner);

        control.stop(TIMEOUT);
        control.start(TIMEOUT);
        ServiceState state = control.status(TIMEOUT);

        assertThat(runner.calls).extracting(RecordingRunner.Call::command).containsExactly(
                List.of("systemctl", "stop", "mariadb"),
                List.of("systemctl", "start", "mariadb"),
                List.of("systemctl", "is-active", "--quiet", "mariadb"));
        assertThat(runner.calls).extracting(RecordingRunner.Call::timeout).containsOnly(TIMEOUT);
        assertThat(state).isEqualTo(ServiceState.RUNNING);
        assertThat(control.describe()).isEqualTo("systemd unit mariadb");
    }

    @Test
    void sysvUsesTheServiceCommand() {
        properties.put("mysql.service.name", "mysql");
        ServiceControl control = control("sysv");

        control.stop(TIMEOUT);
        control.start(TIMEOUT);
        control.status(TIMEOUT);

        assertThat(runner.calls).extracting(RecordingRunner.Call::command).containsExactly(
                List.of("service", "mysql", "stop"),
                List.of("service", "mysql", "start"),
                List.of("service", "mysql", "status"));
        assertThat(control.describe()).isEqualTo("SysV service mysql");
    }

    @Test
    void windowsUsesScExe() {
        properties.put("mysql.service.name", "MySQL80");
        ServiceControl control = control("windows");

        control.stop(TIMEOUT);
        control.start(TIMEOUT);
        control.status(TIMEOUT);

        assertThat(runner.calls).extracting(RecordingRunner.Call::command).containsExactly(
                List.of("sc.exe", "stop", "MySQL80"),
                List.of("sc.exe", "start", "MySQL80"),
                List.of("sc.exe", "query", "MySQL80"));
        assertThat(control.describe()).isEqualTo("Windows service MySQL80");
    }

    @Test
    void windowsCountsAlreadyStoppedAndAlreadyRunningAsSuccess() {
        properties.put("mysql.service.name", "MariaDB");
        ServiceControl control = control("windows");
        runner.answering(ServiceControls.SC_SERVICE_NOT_ACTIVE, "[SC] ControlService FAILED 1062:")
                .answering(ServiceControls.SC_SERVICE_ALREADY_RUNNING, "[SC] StartService FAILED 1056:");

        control.stop(TIMEOUT);
        control.start(TIMEOUT);

        runner.answering(1060, "[SC] OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.");
        assertThatThrownBy(() -> control.stop(TIMEOUT))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("'sc.exe stop MariaDB' exited with 1060")
                .hasMessageContaining("does not exist as an installed service");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|SERVICE_NAME: MySQL80\\n        TYPE               : 10  WIN32_OWN_PROCESS\\n        STATE              : 4  RUNNING\\n                                (STOPPABLE, PAUSABLE, ACCEPTS_SHUTDOWN)|RUNNING",
            "0|SERVICE_NAME: MySQL80\\n        TYPE               : 10  WIN32_OWN_PROCESS\\n        STATE              : 1  STOPPED|STOPPED",
            "0|SERVICE_NAME: MySQL80\\n        STATE              : 3  STOP_PENDING|RUNNING",
            "1060|[SC] EnumQueryServicesStatus:OpenService FAILED 1060:|UNKNOWN",
            "0|something else entirely|UNKNOWN"})
    void scQueryOutputIsRead(int exitCode, String output, ServiceState expected) {
        properties.put("mysql.service.name", "MySQL80");
        ServiceControl control = control("windows");
        runner.answering(exitCode, output.replace("\\n", "\n"));

        assertThat(control.status(TIMEOUT)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, RUNNING", "1, STOPPED", "3, STOPPED", "4, UNKNOWN", "5, UNKNOWN"})
    void systemdAndSysvStatusFollowLsbExitCodes(int exitCode, ServiceState expected) {
        runner.answering(exitCode, "").answering(exitCode, "");

        assertThat(control("systemd").status(TIMEOUT)).isEqualTo(expected);
        assertThat(control("sysv").status(TIMEOUT)).isEqualTo(expected);
    }

    @Test
    void customCommandsRunThroughTheShell() {
        properties.put("mysql.service.stop-command", "/opt/db/stop.sh --now");
        properties.put("mysql.service.start-command", "/opt/db/start.sh");
        properties.put("mysql.service.status-command", "/opt/db/status.sh");
        ServiceControl control = control("command");
        runner.answering(0, "").answering(0, "").answering(3, "not running");

        control.stop(TIMEOUT);
        control.start(TIMEOUT);
        ServiceState state = control.status(TIMEOUT);

        assertThat(runner.calls).extracting(RecordingRunner.Call::command).containsExactly(
                List.of("sh", "-c", "/opt/db/stop.sh --now"),
                List.of("sh", "-c", "/opt/db/start.sh"),
                List.of("sh", "-c", "/opt/db/status.sh"));
        assertThat(state).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void withoutAStatusCommandTheStatusIsUnknownAndNothingRuns() {
        properties.put("mysql.service.stop-command", "stop-it");
        properties.put("mysql.service.start-command", "start-it");

        assertThat(control("command").status(TIMEOUT)).isEqualTo(ServiceState.UNKNOWN);
        assertThat(runner.calls).isEmpty();
    }

    @Test
    void aFailingCommandIsReportedWithItsExitCodeAndOutput() {
        ServiceControl control = control("systemd");
        runner.answering(5, "Failed to stop mariadb.service: Unit mariadb.service not loaded.\n");

        assertThatThrownBy(() -> control.stop(TIMEOUT))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("stop command 'systemctl stop mariadb' exited with 5 (output: Failed to stop"
                        + " mariadb.service: Unit mariadb.service not loaded.)");
    }

    @Test
    void sqlShutdownUsesTheMySqlAccountAndTheStartCommand() {
        properties.put("mysql.host", "10.0.0.7");
        properties.put("mysql.port", "3307");
        properties.put("mysql.user", "backup");
        properties.put("mysql.password", "secret");
        properties.put("mysql.service.start-command", "systemctl start mariadb");
        properties.put("mysql.service.status-command", "systemctl is-active --quiet mariadb");

        SqlShutdownServiceControl control = (SqlShutdownServiceControl) control("sql-shutdown");
        control.start(TIMEOUT);
        control.status(TIMEOUT);

        assertThat(control.account()).isEqualTo(new MySqlInstance("10.0.0.7", 3307, "backup", "secret", null, null));
        assertThat(runner.calls).extracting(RecordingRunner.Call::command).containsExactly(
                List.of("sh", "-c", "systemctl start mariadb"),
                List.of("sh", "-c", "systemctl is-active --quiet mariadb"));
        assertThat(control.describe()).isEqualTo(
                "SQL SHUTDOWN as 'backup' at 10.0.0.7:3307");
    }

    @Test
    void sqlShutdownMayUseItsOwnAccount() {
        properties.put("mysql.user", "backup");
        properties.put("mysql.password", "secret");
        properties.put("mysql.service.shutdown-user", "stopper");
        properties.put("mysql.service.shutdown-password", "other");
        properties.put("mysql.service.start-command", "start-it");

        SqlShutdownServiceControl control = (SqlShutdownServiceControl) control("sql-shutdown");

        assertThat(control.account().user()).isEqualTo("stopper");
        assertThat(control.account().password()).isEqualTo("other");
        assertThat(control.account().host()).isEqualTo("127.0.0.1");
        assertThat(control.account().port()).isEqualTo(3306);
    }

    @Test
    void sqlShutdownNeedsAStartCommand() {
        properties.put("mysql.user", "backup");

        assertThatThrownBy(() -> control("sql-shutdown"))
                .isInstanceOf(InvalidSettingException.class)
                .extracting(e -> ((InvalidSettingException) e).key()).isEqualTo("mysql.service.start-command");
    }

    @Test
    void sqlShutdownNeedsAnAccount() {
        properties.put("mysql.service.start-command", "start-it");

        assertThatThrownBy(() -> control("sql-shutdown"))
                .isInstanceOf(InvalidSettingException.class)
                .extracting(e -> ((InvalidSettingException) e).key()).isEqualTo("mysql.service.shutdown-user");
    }

    @Test
    void customCommandsAreRequired() {
        properties.put("mysql.service.start-command", "start-it");

        assertThatThrownBy(() -> control("command"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'mysql.service.stop-command' is required but not set");
    }

    @Test
    void anUnknownStrategyIsNamed() {
        assertThatThrownBy(() -> control("launchd"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("configuration key 'mysql.service.strategy' 'launchd' is not one of systemd, sysv,"
                        + " windows, command, sql-shutdown");
    }

    @Test
    void strategyNamesIgnoreCase() {
        assertThat(control("SystemD").describe()).isEqualTo("systemd unit mariadb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maria db", "mariadb;reboot", "--force", "-mariadb", "mariadb\nreboot", "$(reboot)",
            "../mariadb"})
    void unixServiceNamesAreValidated(String name) {
        properties.put("mysql.service.name", name);

        for (String strategy : List.of("systemd", "sysv")) {
            assertThatThrownBy(() -> control(strategy))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("configuration key 'mysql.service.name'")
                    .extracting(e -> ((InvalidSettingException) e).key()).isEqualTo("mysql.service.name");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "mysqld@instance1", "mysql-8.0", "mariadb_10"})
    void validUnixServiceNamesAreAccepted(String name) {
        properties.put("mysql.service.name", name);

        assertThat(((CommandServiceControl) control("systemd")).stopCommand()).containsExactly("systemctl", "stop", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MySQL 8.0", "\\\\dbhost", "MySQL80/x", "-MySQL80", "MySQL80\"", "My&SQL", "MySQL80 start="})
    void windowsServiceNamesAreValidated(String name) {
        properties.put("mysql.service.name", name);

        assertThatThrownBy(() -> control("windows"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("configuration key 'mysql.service.name'")
                .hasMessageContaining("not the display name")
                .extracting(e -> ((InvalidSettingException) e).key()).isEqualTo("mysql.service.name");
    }

    @Test
    void windowsServiceNamesAreAtMost256Characters() {
        properties.put("mysql.service.name", "M".repeat(256));
        assertThat(((CommandServiceControl) control("windows")).stopCommand()).hasSize(3);

        properties.put("mysql.service.name", "M".repeat(257));
        assertThatThrownBy(() -> control("windows")).isInstanceOf(InvalidSettingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MySQL80", "MariaDB", "MySQL$Instance", "mysql_5.7"})
    void validWindowsServiceNamesAreAccepted(String name) {
        properties.put("mysql.service.name", name);

        assertThat(((CommandServiceControl) control("windows")).stopCommand()).containsExactly("sc.exe", "stop", name);
    }
}
