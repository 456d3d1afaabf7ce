package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the server that answers is told apart from the configured instance, with a real process (a
 * {@code sleep} in the data directory) named by the pid file: what the server says about itself
 * ({@link ServerIdentity}) is compared with the configuration, and the pid file's process must run in
 * the data directory. The real two-instance case, over JDBC, is InstanceIdentityIT.
 */
class MySqlAvailabilityTest {
    private static final int PORT = 3307;

    @TempDir
    Path dir;

    private Path datadir;
    private Path pidFile;
    private ChildProcesses children;
    private Process server;

    @BeforeEach
    void startTheStandInServer() throws IOException {
        datadir = Files.createDirectories(dir.resolve("reports/data"));
        pidFile = dir.resolve("reports/mariadbd.pid");
        children = new ChildProcesses(dir);
        server = children.sleepingIn(datadir);
        Files.writeString(pidFile, server.pid() + "\n");
    }

    @AfterEach
    void killChildren() {
        children.close();
    }

    private MySqlAvailability configured(Path datadir, Path pidFile, int port) {
        return new MySqlAvailability(new MySqlInstance("127.0.0.1", port, "backup", "secret", datadir, pidFile),
                Duration.ofSeconds(1));
    }

    private MySqlAvailability configured() {
        return configured(datadir, pidFile, PORT);
    }

    @Test
    void theConfiguredInstanceDiffersInNothing() {
        assertThat(configured().differences(new ServerIdentity("10.11.6-MariaDB", datadir, pidFile, PORT))).isEmpty();
    }

    @Test
    void pathsAreComparedAsTheFileSystemResolvesThem() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("data-link"), datadir);
        // MariaDB reports @@datadir with a trailing separator
        ServerIdentity identity = new ServerIdentity("10.11", Path.of(datadir + "/"), dir.resolve("reports/./mariadbd.pid"), PORT);

        assertThat(configured(link, pidFile, PORT).differences(identity)).isEmpty();
    }

    @Test
    void anotherInstancesDataDirectoryIsNamed() throws IOException {
        Path other = Files.createDirectories(dir.resolve("main/data"));

        assertThat(configured().differences(new ServerIdentity("10.11", other, pidFile, PORT)))
                .containsExactly("its data directory is " + other + " (mysql.datadir is " + datadir + ")");
    }

    @Test
    void anotherInstancesPidFileIsNamed() {
        Path other = dir.resolve("main/mariadbd.pid");

        assertThat(configured().differences(new ServerIdentity("10.11", datadir, other, PORT)))
                .containsExactly("its pid file is " + other + " (mysql.pid-file is " + pidFile + ")");
    }

    @Test
    void anotherPortIsNamed() {
        assertThat(configured().differences(new ServerIdentity("10.11", datadir, pidFile, 3306)))
                .containsExactly("it listens on port 3306 (mysql.port is " + PORT + ")");
    }

    @Test
    void everyDifferenceIsNamedAtOnce() throws IOException {
        Path otherData = Files.createDirectories(dir.resolve("main/data"));
        Path otherPid = dir.resolve("main/mariadbd.pid");

        assertThat(configured().differences(new ServerIdentity("10.11", otherData, otherPid, 3306))).containsExactly(
                "its data directory is " + otherData + " (mysql.datadir is " + datadir + ")",
                "its pid file is " + otherPid + " (mysql.pid-file is " + pidFile + ")",
                "it listens on port 3306 (mysql.port is " + PORT + ")");
    }

    @Test
    void thePidFilesProcessMustRunInTheDataDirectory() throws IOException {
        // the configuration names this instance's data directory but the other instance's pid file
        Path mainData = Files.createDirectories(dir.resolve("main/data"));
        Path mainPid = dir.resolve("main/mariadbd.pid");
        Process mainServer = children.sleepingIn(mainData);
        Files.writeString(mainPid, mainServer.pid() + "\n");

        assertThat(configured(datadir, mainPid, PORT).differences(new ServerIdentity("10.11", datadir, mainPid, PORT)))
                .containsExactly("process " + mainServer.pid() + " of the pid file " + mainPid + " runs in "
                        + mainData.toRealPath() + ", not in the data directory " + datadir.toRealPath());
    }

    @Test
    void aPidFileNamingNoRunningProcessIsNamed() throws Exception {
        long gone = children.exitedPid();
        Files.writeString(pidFile, gone + "\n");

        assertThat(configured().differences(new ServerIdentity("10.11", datadir, pidFile, PORT)))
                .containsExactly("the pid file " + pidFile + " names process " + gone + ", which is not running");
    }

    @Test
    void withoutAPidFileOnlyWhatTheServerSaysIsCompared() throws IOException {
        Files.delete(pidFile);

        assertThat(configured().differences(new ServerIdentity("10.11", datadir, pidFile, PORT)))
                .as("a missing pid file is the pre-flight's to report").isEmpty();
        assertThat(configured(datadir, null, PORT).differences(new ServerIdentity("10.11", datadir, pidFile, PORT)))
                .isEmpty();
    }

    @Test
    void whatTheServerDoesNotSayIsNotCompared() {
        assertThat(configured().differences(new ServerIdentity("10.11", null, null, PORT))).isEmpty();
    }

    @Test
    void aServerThatDoesNotAnswerIsUnavailableNotAMismatch() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        assertThatThrownBy(() -> configured(datadir, pidFile, closed).verify())
                .isExactlyInstanceOf(MySqlUnavailableException.class)
                .hasMessageStartingWith("MySQL at 127.0.0.1:" + closed + " does not answer");
    }
}
