package org.mysqlbackup.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.testing.TestPaths;

/**
 * The systemd units shipped in {@code config/systemd/} are what systemd itself accepts:
 * {@code systemd-analyze verify} on copies whose {@code /opt/mysql-backup} is this checkout (verify
 * wants the ExecStart program to exist), with no warning at all; the sysusers file goes through
 * {@code systemd-sysusers --dry-run}. Plus the points the restart guard and the storage's privacy
 * depend on, which systemd would accept either way.
 */
class ShippedSystemdUnitsTest {
    private static final Path UNITS = TestPaths.home().resolve("config/systemd");
    private static final List<String> SERVICES = List.of("mysql-backup-server.service",
            "mysql-backup-client.service", "mysql-backup-recover.service");

    @TempDir
    Path temp;

    @Test
    void systemdAnalyzeVerifiesEveryShippedUnitWithoutAWarning() throws Exception {
        assumeRuns("systemd-analyze", "--version");
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        for (String service : SERVICES) {
            String text = Files.readString(UNITS.resolve(service))
                    .replace("/opt/mysql-backup/", TestPaths.home().toString() + "/");
            command.add(Files.writeString(temp.resolve(service), text).toString());
        }
        Result verify = run(command);

        assertThat(verify.exitCode()).as("systemd-analyze verify: %s", verify.output()).isZero();
        assertThat(verify.output()).as("systemd-analyze verify warns").isBlank();
    }

    @Test
    void theSysusersFileCreatesTheServiceUser() throws Exception {
        assumeRuns("systemd-sysusers", "--version");
        Result dryRun = run(List.of("systemd-sysusers", "--dry-run",
                UNITS.resolve("mysql-backup.sysusers.conf").toString()));

        assertThat(dryRun.exitCode()).as("systemd-sysusers: %s", dryRun.output()).isZero();
        // "Creating user 'mysql-backup' ..." where it does not exist yet, nothing where it does
        assertThat(dryRun.output()).doesNotContain("Failed", "Unknown", "invalid", "Invalid");
    }

    @Test
    void theServerRunsAsItsOwnStableUserWithPrivateFolders() throws IOException {
        List<String> server = lines("mysql-backup-server.service");

        assertThat(server).contains("User=mysql-backup", "UMask=0077", "StateDirectory=mysql-backup",
                "StateDirectoryMode=0700", "LogsDirectoryMode=0700", "ProtectSystem=strict", "NoNewPrivileges=yes",
                "PrivateTmp=yes", "ProtectHome=yes", "CapabilityBoundingSet=")
                .noneMatch(line -> line.startsWith("DynamicUser"))
                .anyMatch(line -> line.startsWith("ReadWritePaths=/var/lib/mysql-backup"));
    }

    @Test
    void theClientDaemonLeavesTheRestartWatchdogAliveAndRecoverRunsAfterMysqlAtBoot() throws IOException {
        List<String> daemon = lines("mysql-backup-client.service");
        List<String> recover = lines("mysql-backup-recover.service");

        assertThat(daemon).as("the watchdog (a child that ignores SIGTERM) must outlive the daemon")
                .contains("KillMode=process");
        assertThat(recover).contains("Type=oneshot", "Before=mysql-backup-client.service")
                .anyMatch(line -> line.startsWith("After=") && line.contains("mariadb.service"))
                .anyMatch(line -> line.startsWith("ExecStart=") && line.endsWith(" recover"));
        assertThat(daemon).anyMatch(line -> line.startsWith("After=") && line.contains("mariadb.service"));
    }

    @Test
    void secretsStayOutOfTheUnitsAndNoValueCarriesAComment() throws IOException {
        for (String service : SERVICES) {
            List<String> unit = lines(service);
            assertThat(unit).as(service).anyMatch(line -> line.matches("EnvironmentFile=-?/etc/mysql-backup/\\w+\\.env"))
                    .noneMatch(line -> line.matches("(?i)Environment=.*(password|secret).*"));
            // systemd has no end-of-line comments: " # ..." would be part of the value
            assertThat(unit).as(service).filteredOn(line -> !line.startsWith("#") && !line.startsWith(";"))
                    .noneMatch(line -> line.contains(" #") || line.contains("\t#"));
        }
    }

    private static List<String> lines(String service) throws IOException {
        try (Stream<String> lines = Files.lines(UNITS.resolve(service))) {
            return lines.map(String::strip).toList();
        }
    }

    private static void assumeRuns(String... command) {
        Result result;
        try {
            result = run(List.of(command));
        } catch (IOException | InterruptedException e) {
            result = new Result(-1, e.toString());
        }
        Assumptions.assumeTrue(result.exitCode() == 0, command[0] + " cannot run here (bin/test installs the systemd"
                + " package; apt-get install systemd): " + result.output().strip());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, command + " did not end within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
