package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What /proc says about a real child process while it runs and once it is gone. */
class LocalProcessesTest {
    @TempDir
    Path dir;

    private ChildProcesses children;

    @BeforeEach
    void setUp() {
        children = new ChildProcesses(dir);
    }

    @AfterEach
    void killChildren() {
        children.close();
    }

    @Test
    void aRunningProcessIsListedWithItsNameAndWorkingDirectory() throws IOException {
        Path cwd = Files.createDirectories(dir.resolve("data"));
        Process sleep = children.sleepingIn(cwd);

        assertThat(LocalProcesses.running(sleep.pid())).isTrue();
        assertThat(LocalProcesses.all()).contains(sleep.pid(), ProcessHandle.current().pid());
        assertThat(LocalProcesses.name(sleep.pid())).contains("sleep");
        assertThat(LocalProcesses.workingDirectory(sleep.pid())).contains(cwd.toRealPath());
    }

    @Test
    void aProcessThatExitedHasNoAnswers() throws Exception {
        long gone = children.exitedPid();

        assertThat(LocalProcesses.running(gone)).isFalse();
        assertThat(LocalProcesses.name(gone)).isEmpty();
        assertThat(LocalProcesses.workingDirectory(gone)).isEmpty();
        assertThat(LocalProcesses.all()).doesNotContain(gone);
    }

    @Test
    void pidsThatCannotBeProcessesAreNotRunning() {
        assertThat(LocalProcesses.running(0)).isFalse();
        assertThat(LocalProcesses.running(-1)).isFalse();
    }

    @Test
    void aPathIsCanonicalThroughLinksOrAtLeastAbsolute() throws IOException {
        Path real = Files.createDirectories(dir.resolve("data"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertThat(LocalProcesses.canonical(link)).isEqualTo(real.toRealPath());
        assertThat(LocalProcesses.canonical(Path.of("missing/../nowhere")))
                .isEqualTo(Path.of("nowhere").toAbsolutePath());
    }
}
