package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of the three signs of a server on a data directory, shown by a real process this test starts:
 * a {@code sleep} standing in for the server (named like one only when the test says so), a pid file,
 * and a POSIX lock another process holds on {@code ibdata1} or {@code aria_log_control}.
 */
class DataDirectoryUsageTest {
    private static final List<String> SERVER_NAMES = List.of("mysqld", "mariadbd");

    @TempDir
    Path dir;

    private Path datadir;
    private Path pidFile;
    private ChildProcesses children;

    @BeforeEach
    void createDataDirectory() throws IOException {
        datadir = Files.createDirectories(dir.resolve("data"));
        Files.writeString(datadir.resolve("ibdata1"), "innodb");
        Files.writeString(datadir.resolve("aria_log_control"), "aria");
        pidFile = dir.resolve("mariadbd.pid");
        children = new ChildProcesses(dir);
    }

    @AfterEach
    void killChildren() {
        children.close();
    }

    private DataDirectoryUsage usage(List<String> serverNames) {
        return new DataDirectoryUsage(datadir, pidFile, serverNames);
    }

    @Test
    void nothingHoldsAnUntouchedDataDirectory() {
        assertThat(usage(SERVER_NAMES).holder()).isEmpty();
    }

    @Test
    void aProcessInTheDataDirectoryIsNoServerUnlessItIsNamedLikeOne() throws IOException {
        Process sleep = children.sleepingIn(datadir);

        assertThat(usage(SERVER_NAMES).holder()).as("sleep is not mysqld").isEmpty();
        assertThat(usage(List.of("mysqld", "sleep")).holder())
                .contains("process " + sleep.pid() + " (sleep) runs in " + real());
    }

    @Test
    void aServerElsewhereDoesNotHoldThisDataDirectory() throws IOException {
        children.sleepingIn(dir);
        children.sleepingIn(Files.createDirectories(datadir.resolve("shop")));

        assertThat(usage(List.of("sleep")).holder()).as("neither the parent folder nor a schema folder is the data directory").isEmpty();
    }

    @Test
    void theDataDirectoryIsComparedAsTheFileSystemResolvesIt() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("data-link"), datadir);
        Process sleep = children.sleepingIn(datadir);

        assertThat(new DataDirectoryUsage(link, pidFile, List.of("sleep")).holder())
                .hasValueSatisfying(h -> assertThat(h).startsWith("process " + sleep.pid() + " (sleep) runs in "));
    }

    @Test
    void aServerNameCutAtFifteenCharactersStillMatches() throws IOException {
        Path longName = dir.resolve("mariadbd-custom-build");
        Files.copy(sleepExecutable(), longName, StandardCopyOption.COPY_ATTRIBUTES);
        Process server = children.sleepingIn(datadir, longName.toString());

        assertThat(usage(List.of("mariadbd-custom-build")).holder())
                .contains("process " + server.pid() + " (mariadbd-custom) runs in " + real());
        assertThat(usage(List.of("mariadbd-custom-other")).holder()).as("same first 15 characters").isPresent();
        assertThat(usage(List.of("mariadbd-custo", "mariadbd-costum-build")).holder()).as("other names").isEmpty();
    }

    @Test
    void aNameShorterThanFifteenCharactersMustMatchWhole() {
        children.sleepingIn(datadir);

        assertThat(usage(List.of("slee", "sleeper", "sleeping-server-x")).holder()).isEmpty();
    }

    @Test
    void aPidFileNamingAServerCountsWhereverItRuns() throws IOException {
        Process sleep = children.sleepingIn(dir);
        Files.writeString(pidFile, sleep.pid() + "\n");

        assertThat(usage(List.of("sleep")).holder())
                .contains("process " + sleep.pid() + " of the pid file " + pidFile + " is running");
    }

    @Test
    void aStalePidFileNamingAnUnrelatedProcessDoesNotCount() throws IOException {
        // the pid was reused by a process that is no server and does not run in the data directory
        Process sleep = children.sleepingIn(dir);
        Files.writeString(pidFile, sleep.pid() + "\n");

        assertThat(usage(SERVER_NAMES).holder()).isEmpty();
    }

    @Test
    void aPidFileNamingAnExitedProcessDoesNotCount() throws Exception {
        Files.writeString(pidFile, children.exitedPid() + "\n");

        assertThat(usage(SERVER_NAMES).holder()).isEmpty();
    }

    @Test
    void aPidFileNamingAZombieDoesNotCount() throws IOException {
        try (StandInProcess parent = StandInProcess.withZombieChild(pidFile)) {
            assertThat(usage(SERVER_NAMES).holder()).as("the zombie has released every file").isEmpty();
        }
    }

    @Test
    void aPidFileWithoutANumberDoesNotCount() throws IOException {
        Files.writeString(pidFile, "mariadbd\n");

        assertThat(usage(SERVER_NAMES).holder()).isEmpty();
    }

    @Test
    void aProcessLockingTheSystemTablespaceHoldsTheDataDirectory() throws IOException {
        Process holder = children.holdingLock(datadir.resolve("ibdata1"));

        assertThat(usage(SERVER_NAMES).holder())
                .contains("process " + holder.pid() + " holds a lock on " + real().resolve("ibdata1"));
    }

    @Test
    void aProcessLockingTheAriaControlFileHoldsTheDataDirectory() throws IOException {
        Process holder = children.holdingLock(datadir.resolve("aria_log_control"));

        assertThat(usage(SERVER_NAMES).holder())
                .contains("process " + holder.pid() + " holds a lock on " + real().resolve("aria_log_control"));
    }

    @Test
    void theLockHolderIsNamedNotTheProcessWaitingForIt() throws IOException {
        Path ibdata1 = datadir.resolve("ibdata1");
        Process holder = children.holdingLock(ibdata1);
        children.waitingForLock(ibdata1);

        assertThat(usage(SERVER_NAMES).holder()).contains("process " + holder.pid() + " holds a lock on " + real().resolve("ibdata1"));
    }

    @Test
    void aReleasedLockNoLongerCounts() throws IOException {
        Process holder = children.holdingLock(datadir.resolve("ibdata1"));
        assertThat(usage(SERVER_NAMES).holder()).isPresent();

        ChildProcesses.kill(holder);

        assertThat(usage(SERVER_NAMES).holder()).isEmpty();
    }

    @Test
    void aLockOnAFileOfTheSameNameElsewhereDoesNotCount() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other-data"));
        children.holdingLock(Files.writeString(other.resolve("ibdata1"), "innodb"));
        children.holdingLock(Files.writeString(datadir.resolve("ibtmp1"), "temporary"));

        assertThat(usage(SERVER_NAMES).holder()).as("only ibdata1 and aria_log_control of this data directory").isEmpty();
    }

    @Test
    void aDataDirectoryWithoutTheLockedFilesIsAskedOnlyTheOtherSigns() throws IOException {
        Files.delete(datadir.resolve("ibdata1"));
        Files.delete(datadir.resolve("aria_log_control"));

        assertThat(usage(SERVER_NAMES).holder()).isEmpty();
    }

    /** How the product names the data directory: as the file system resolves it. */
    private Path real() throws IOException {
        return datadir.toRealPath();
    }

    private static Path sleepExecutable() {
        for (String candidate : List.of("/usr/bin/sleep", "/bin/sleep")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError("no sleep executable in /usr/bin or /bin");
    }
}
