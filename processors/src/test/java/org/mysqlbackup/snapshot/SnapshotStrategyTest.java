package org.mysqlbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every strategy, end to end: capture while "MySQL is down", pack after, and clean up after failures. */
class SnapshotStrategyTest {
    private static final String BASE = "main-20261126T020000Z-7";

    @TempDir
    Path temp;
    private Path dataDir;
    private Path outside;
    private Path work;

    @BeforeEach
    void createFolders() throws IOException {
        dataDir = Files.createDirectories(temp.resolve("datadir"));
        outside = Files.createDirectories(temp.resolve("outside"));
        work = Files.createDirectories(temp.resolve("work"));
    }

    static Stream<Arguments> strategies() {
        Function<String, SnapshotStrategy> zip1 = n -> new ZipStrategy(new DataDirectoryZipper(1));
        Function<String, SnapshotStrategy> zip2 = n -> new ZipStrategy(new DataDirectoryZipper(1, 2));
        Function<String, SnapshotStrategy> copy = n -> new CopyStrategy(new DataDirectoryCopier(2), new DataDirectoryZipper(1, 2));
        Function<String, SnapshotStrategy> copy1 = n -> new CopyStrategy(
                new DataDirectoryCopier(DataDirectoryCopier.Method.JAVA, 1, folder -> Long.MAX_VALUE), new DataDirectoryZipper(1));
        Function<String, SnapshotStrategy> copyJava = n -> new CopyStrategy(
                new DataDirectoryCopier(DataDirectoryCopier.Method.JAVA, 2, folder -> Long.MAX_VALUE),
                new DataDirectoryZipper(1, 2));
        // on ext4 this falls back to a copy; on Btrfs or XFS it really clones
        Function<String, SnapshotStrategy> reflink = n -> SnapshotStrategies.named("reflink", new DataDirectoryZipper(1, 2));
        // a plain recursive cp stands in for a filesystem that clones, so the clone path runs everywhere
        Function<String, SnapshotStrategy> cloned = n -> new ReflinkStrategy(new DataDirectoryCopier(2),
                new DataDirectoryZipper(1), Duration.ofMinutes(1),
                List.of("cp", "-R", "-L", "--preserve=mode,timestamps", "--no-target-directory"));
        return Stream.of(
                Arguments.of("zip, 1 thread", zip1),
                Arguments.of("zip, 2 threads", zip2),
                Arguments.of("copy (GNU cp where installed)", copy),
                Arguments.of("copy in the JVM, 1 thread", copy1),
                Arguments.of("copy in the JVM, 2 threads", copyJava),
                Arguments.of("reflink on this filesystem", reflink),
                Arguments.of("reflink, cloning", cloned));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void captureThenPackYieldsAZipHoldingExactlyTheDataDirectoryAndNothingElseRemains(
            String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);

        Captured captured = strategy.capture(dataDir, work, BASE);
        SnapshotResult result = strategy.pack(captured);

        Path zip = work.resolve(BASE + ".zip");
        assertThat(result.archive()).isEqualTo(zip).isEqualTo(captured.archive());
        SnapshotTrees.assertZipHolds(zip, dataDir, files);
        assertThat(SnapshotTrees.contents(work)).as("the copy is deleted once zipped").containsExactly(BASE + ".zip");
        assertThat(result.files()).isEqualTo(files.size()).isEqualTo(captured.files());
        long bytes = files.values().stream().mapToLong(b -> b.length).sum();
        assertThat(result.sourceBytes()).isEqualTo(bytes).isEqualTo(captured.bytes());
        assertThat(result.size()).isEqualTo(Files.size(zip));
        assertThat(captured.strategy()).isEqualTo(strategy.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void theCopyStrategiesLeaveTheCopyBetweenCaptureAndPackAndTheZipStrategyTheZip(
            String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);

        Captured captured = strategy.capture(dataDir, work, BASE);

        if (strategy.name().equals("zip")) {
            assertThat(SnapshotTrees.contents(work)).containsExactly(BASE + ".zip");
            assertThat(captured.copyDirectory()).isEmpty();
        } else {
            Path copy = work.resolve(BASE + ".copy");
            assertThat(captured.copyDirectory()).contains(copy);
            assertThat(SnapshotTrees.contents(work)).doesNotContain(BASE + ".zip").contains(BASE + ".copy");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                assertThat(copy.resolve(file.getKey())).as(file.getKey()).isRegularFile().hasBinaryContent(file.getValue());
            }
            assertThat(copy.resolve("empty")).isEmptyDirectory();
        }
    }

    /** What a cancelled backup's checkpoint throws. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled by test");
        }
    }

    /** A checkpoint that lets {@code allowed} checks pass, then throws on every later one. */
    private static Checkpoint cancelAfter(int allowed, java.util.concurrent.atomic.AtomicInteger checks) {
        return () -> {
            if (checks.incrementAndGet() > allowed) {
                throw new Cancelled();
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aCheckpointThatThrowsDuringTheCaptureStopsItAndLeavesNothing(
            String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();

        assertThatThrownBy(() -> strategy.capture(dataDir, work, BASE, TrailingEntries.none(), cancelAfter(1, checks)))
                .isInstanceOf(Cancelled.class);

        assertThat(checks.get()).as("checkpoints asked").isGreaterThan(1);
        assertThat(SnapshotTrees.contents(work)).as("what the cancelled capture wrote").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aCheckpointThatThrowsWhilePackingStopsItAndLeavesNothingButAZipCapturedEarlier(
            String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);
        Captured captured = strategy.capture(dataDir, work, BASE);
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();

        if (strategy.name().equals("zip")) {
            // nothing is left to do, so nothing is asked: the zip of the capture is returned
            assertThat(strategy.pack(captured, cancelAfter(0, checks)).archive()).isRegularFile();
            return;
        }
        assertThatThrownBy(() -> strategy.pack(captured, cancelAfter(2, checks))).isInstanceOf(Cancelled.class);
        assertThat(SnapshotTrees.contents(work)).as("the partial zip and the copy are deleted").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void theManifestIsTheLastEntryAndListsWhatWasArchived(String label, Function<String, SnapshotStrategy> strategies)
            throws IOException {
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);
        BackupManifest before = BackupManifest.before("db-host-1", "main", "10.11.6-MariaDB", dataDir,
                List.of(new BackupManifest.TableChecksum("shop", "orders", "InnoDB", 12, 3141592653L)));
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("stop", 1500L);

        Captured captured = strategy.capture(dataDir, work, BASE, before.trailer(() -> timings));
        timings.put("capture", 600L);
        SnapshotResult result = strategy.pack(captured);

        List<String> names = SnapshotTrees.entryNames(result.archive());
        assertThat(names.get(names.size() - 1)).isEqualTo(BackupManifest.ENTRY_NAME);
        SnapshotTrees.assertZipHolds(result.archive(), dataDir, files, BackupManifest.ENTRY_NAME);
        BackupManifest manifest = BackupManifest.readFrom(result.archive());
        assertThat(manifest.strategy()).isEqualTo(captured.method());
        assertThat(manifest.hostName()).isEqualTo("db-host-1");
        assertThat(manifest.dataDirectory()).isEqualTo(dataDir.toString());
        assertThat(manifest.tables()).isEqualTo(before.tables());
        assertThat(manifest.files()).extracting(ArchivedFile::path).containsExactlyInAnyOrderElementsOf(files.keySet());
        for (ArchivedFile file : manifest.files()) {
            assertThat(file.size()).as(file.path()).isEqualTo(files.get(file.path()).length);
        }
        // the zip strategy writes the manifest during the capture, the others while packaging
        assertThat(manifest.timingsMs()).containsEntry("stop", 1500L);
        assertThat(manifest.timingsMs().containsKey("capture")).isEqualTo(!strategy.name().equals("zip"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aDanglingLinkFailsTheCaptureNamingItAndLeavesNothingBehind(String label,
                                                                    Function<String, SnapshotStrategy> strategies)
            throws IOException {
        SnapshotTrees.create(dataDir, outside);
        Path dangling = Files.createSymbolicLink(dataDir.resolve("shop/gone.ibd"), outside.resolve("deleted.ibd"));

        assertThatThrownBy(() -> strategies.apply(label).capture(dataDir, work, BASE))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(dangling.toString())
                .hasMessageContaining("does not exist");
        assertThat(work).isEmptyDirectory();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aWorkFolderInsideTheDataDirectoryIsRefusedBeforeAnythingIsWritten(
            String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        Path inside = Files.createDirectories(dataDir.resolve("shop/backups"));

        assertThatThrownBy(() -> strategies.apply(label).capture(dataDir, inside, BASE))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("inside the data directory")
                .hasMessageContaining(inside.toString());
        assertThat(inside).isEmptyDirectory();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aWorkFolderReachedThroughALinkIntoTheDataDirectoryIsRefusedToo(
            String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        Path inside = Files.createDirectories(dataDir.resolve("snapshots"));
        Path link = Files.createSymbolicLink(temp.resolve("work-link"), inside);

        assertThatThrownBy(() -> strategies.apply(label).capture(dataDir, link, BASE))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("inside the data directory");
        assertThat(inside).isEmptyDirectory();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aFailedPackageDeletesTheCopyAndLeavesAnExistingFileUntouched(
            String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);
        if (strategy.name().equals("zip")) {
            return; // nothing happens after the capture
        }
        Captured captured = strategy.capture(dataDir, work, BASE);
        byte[] someoneElses = "not ours".getBytes();
        Files.write(captured.archive(), someoneElses);

        assertThatThrownBy(() -> strategy.pack(captured))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(captured.archive().toString());
        assertThat(captured.archive()).hasBinaryContent(someoneElses);
        assertThat(SnapshotTrees.contents(work)).containsExactly(BASE + ".zip");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aTrailingEntryThatCannotBeWrittenDeletesThePartialZipAndTheCopy(
            String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);
        TrailingEntries clash = TrailingEntries.of(Map.of("ibdata1", new byte[1]));

        assertThatThrownBy(() -> strategy.pack(strategy.capture(dataDir, work, BASE, clash)))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("ibdata1");
        assertThat(work).isEmptyDirectory();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void discardRemovesWhatTheCaptureLeft(String label, Function<String, SnapshotStrategy> strategies) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);
        Captured captured = strategy.capture(dataDir, work, BASE);

        strategy.discard(captured);

        assertThat(work).isEmptyDirectory();
        assertThat(dataDir.resolve("ibdata1")).exists();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void anEarlierSnapshotOfTheSameNameIsRefusedAndLeftUntouched(String label, Function<String, SnapshotStrategy> strategies)
            throws IOException {
        SnapshotTrees.create(dataDir, outside);
        SnapshotStrategy strategy = strategies.apply(label);
        Path earlier = strategy.name().equals("zip") ? work.resolve(BASE + ".zip")
                : Files.createDirectories(work.resolve(BASE + ".copy"));
        if (strategy.name().equals("zip")) {
            Files.write(earlier, "yesterday".getBytes());
        } else {
            Files.write(earlier.resolve("keep.me"), "yesterday".getBytes());
        }

        assertThatThrownBy(() -> strategy.capture(dataDir, work, BASE))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(earlier.toString());
        assertThat(SnapshotTrees.contents(work)).containsExactlyElementsOf(strategy.name().equals("zip")
                ? List.of(BASE + ".zip") : List.of(BASE + ".copy", BASE + ".copy/keep.me"));
    }

    @Test
    void strategiesAreChosenByNameInAnyCase() {
        DataDirectoryZipper zipper = new DataDirectoryZipper(1);

        assertThat(SnapshotStrategies.named("zip", zipper)).isInstanceOf(ZipStrategy.class);
        assertThat(SnapshotStrategies.named(" Copy ", zipper)).isInstanceOf(CopyStrategy.class);
        assertThat(SnapshotStrategies.named("REFLINK", zipper)).isInstanceOf(ReflinkStrategy.class);
        assertThat(SnapshotStrategies.NAMES).containsExactly("zip", "copy", "reflink");
    }

    @Test
    void anUnknownStrategyNameIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> SnapshotStrategies.named("rsync", new DataDirectoryZipper(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshot strategy 'rsync' is not one of zip, copy, reflink");
        assertThatThrownBy(() -> SnapshotStrategies.named(null, new DataDirectoryZipper(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void packingWhatWasNeverCapturedFailsClearly() {
        Captured nothing = new Captured("copy", "copy", dataDir, work.resolve("x.zip"), work.resolve("x.copy"), null,
                0, 0, null, TrailingEntries.none());

        assertThatThrownBy(() -> new CopyStrategy(new DataDirectoryCopier(1), new DataDirectoryZipper(1)).pack(nothing))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("x.copy");
        assertThat(work).isEmptyDirectory();
    }
}
