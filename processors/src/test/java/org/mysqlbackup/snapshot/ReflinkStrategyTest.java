package org.mysqlbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ReflinkStrategyTest {
    private static final String BASE = "main-20261126T020000Z-8";

    @TempDir
    Path temp;
    private Path dataDir;
    private Path outside;
    private Path work;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ReflinkStrategy.class);

    @BeforeEach
    void createFolders() throws IOException {
        dataDir = Files.createDirectories(temp.resolve("datadir"));
        outside = Files.createDirectories(temp.resolve("outside"));
        work = Files.createDirectories(temp.resolve("work"));
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void detachLog() {
        logger.detachAppender(log);
    }

    /** Whether GNU cp can clone a file in the temp folder (Btrfs, XFS) or not (ext4, tmpfs). */
    private boolean filesystemClones() throws Exception {
        Path probe = Files.write(temp.resolve("probe"), new byte[] {1});
        Process cp = new ProcessBuilder("cp", "--reflink=always", probe.toString(), temp.resolve("probe.clone").toString())
                .redirectErrorStream(true).start();
        cp.getInputStream().readAllBytes();
        assumeTrue(cp.waitFor(30, TimeUnit.SECONDS), "cp did not answer");
        Files.deleteIfExists(temp.resolve("probe.clone"));
        Files.delete(probe);
        return cp.exitValue() == 0;
    }

    @Test
    void whereTheFilesystemCannotCloneTheDataDirectoryIsCopiedAndTheReasonLoggedAndKept() throws Exception {
        assumeFalse(filesystemClones(), "this filesystem clones; the fallback is not reachable here");
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = SnapshotStrategies.named("reflink", new DataDirectoryZipper(1));

        Captured captured = strategy.capture(dataDir, work, BASE);

        assertThat(captured.strategy()).isEqualTo("reflink");
        assertThat(captured.method()).isEqualTo("copy");
        // GNU cp: "cp: failed to clone '...' from '...': Operation not supported"
        assertThat(captured.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("reflink clone not possible (cp: ")
                .contains("clone")
                .endsWith("; copied instead"));
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .startsWith("Cannot clone " + dataDir + " into " + work + " copy-on-write (cp: ")
                    .contains("copying it instead");
        });
        SnapshotResult result = strategy.pack(captured);
        SnapshotTrees.assertZipHolds(result.archive(), dataDir, files);
        assertThat(SnapshotTrees.contents(work)).containsExactly(BASE + ".zip");
    }

    @Test
    void whereTheFilesystemClonesTheCloneIsUsed() throws Exception {
        assumeTrue(filesystemClones(), "this filesystem cannot clone (ext4, tmpfs)");
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = SnapshotStrategies.named("reflink", new DataDirectoryZipper(1));

        Captured captured = strategy.capture(dataDir, work, BASE);

        assertThat(captured.method()).isEqualTo("reflink");
        SnapshotTrees.assertZipHolds(strategy.pack(captured).archive(), dataDir, files);
    }

    @Test
    void aCloneCommandThatCannotRunFallsBackToACopyNamingIt() throws IOException {
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        ReflinkStrategy strategy = new ReflinkStrategy(new DataDirectoryCopier(2), new DataDirectoryZipper(1),
                Duration.ofMinutes(1), List.of("/nonexistent/cp", "--reflink=always"));

        Captured captured = strategy.capture(dataDir, work, BASE);

        assertThat(captured.method()).isEqualTo("copy");
        assertThat(captured.note()).contains("cannot run /nonexistent/cp");
        SnapshotTrees.assertZipHolds(strategy.pack(captured).archive(), dataDir, files);
    }

    @Test
    void aFailedCloneLeavesNothingOfItselfBeforeTheCopyStarts() throws IOException {
        SnapshotTrees.create(dataDir, outside);
        // creates part of a clone, then fails as cp does on a filesystem without reflink
        List<String> failing = List.of("sh", "-c",
                "mkdir -p \"$2/partial\" && echo junk > \"$2/partial/junk\" && echo 'cp: failed to clone: Operation not supported' >&2 && exit 1",
                "sh");
        DataDirectoryCopier noRoom = new DataDirectoryCopier(DataDirectoryCopier.Method.AUTO, 1, folder -> 0);
        ReflinkStrategy strategy = new ReflinkStrategy(noRoom, new DataDirectoryZipper(1), Duration.ofMinutes(1), failing);

        // the fallback copy then finds no room: what remains is what the clone left, which must be nothing
        assertThatThrownBy(() -> strategy.capture(dataDir, work, BASE))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("not enough room");
        assertThat(work).isEmptyDirectory();
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("cp: failed to clone: Operation not supported");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCloneThatOutlivesItsTimeoutIsKilledAndDeletedAndTheCaptureFails() throws IOException {
        SnapshotTrees.create(dataDir, outside);
        List<String> hanging = List.of("sh", "-c", "mkdir -p \"$2/partial\" && exec sleep 60", "sh");
        ReflinkStrategy strategy = new ReflinkStrategy(new DataDirectoryCopier(1), new DataDirectoryZipper(1),
                Duration.ofMillis(500), hanging);

        assertThatThrownBy(() -> strategy.capture(dataDir, work, BASE))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("did not finish within 500 ms");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aCloneThatDoesNotMatchTheDataDirectoryIsRefusedAndDeleted() throws IOException {
        SnapshotTrees.create(dataDir, outside);
        List<String> sloppy = List.of("sh", "-c", "mkdir -p \"$2\" && echo one > \"$2/only-file\"", "sh");
        ReflinkStrategy strategy = new ReflinkStrategy(new DataDirectoryCopier(1), new DataDirectoryZipper(1),
                Duration.ofMinutes(1), sloppy);

        assertThatThrownBy(() -> strategy.capture(dataDir, work, BASE))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("the clone")
                .hasMessageContaining("holds 1 files");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new ReflinkStrategy(new DataDirectoryCopier(1), new DataDirectoryZipper(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
