package org.mysqlbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqlbackup.snapshot.DataDirectoryCopier.Method;

class DataDirectoryCopierTest {
    @TempDir
    Path temp;
    private Path dataDir;
    private Path outside;
    private Path target;

    @BeforeEach
    void createFolders() throws IOException {
        dataDir = Files.createDirectories(temp.resolve("datadir"));
        outside = Files.createDirectories(temp.resolve("outside"));
        target = Files.createDirectories(temp.resolve("work")).resolve("copy");
    }

    static Stream<Arguments> methods() {
        return Stream.of(Arguments.of(Method.CP, 1), Arguments.of(Method.JAVA, 1), Arguments.of(Method.JAVA, 2),
                Arguments.of(Method.JAVA, 4));
    }

    private static DataDirectoryCopier copier(Method method, int threads, ToLongFunction<Path> free) {
        if (method == Method.CP) {
            assumeTrue(CopyCommand.gnuCpAvailable(), "GNU cp is not installed");
        }
        return new DataDirectoryCopier(method, threads, free);
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @MethodSource("methods")
    void theCopyHoldsEveryFileAndFolderWithContentModeAndTimeAndLinksFollowed(Method method, int threads) throws IOException {
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        Files.setPosixFilePermissions(dataDir.resolve("shop"), PosixFilePermissions.fromString("r-xr-x---"));

        DataDirectoryCopier.Copied copied = copier(method, threads, folder -> Long.MAX_VALUE).copy(dataDir, target);

        assertThat(copied.files()).isEqualTo(files.size());
        assertThat(copied.bytes()).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path copy = target.resolve(file.getKey());
            Path original = dataDir.resolve(file.getKey());
            assertThat(copy).as(file.getKey()).isRegularFile().isNotEqualTo(original).hasBinaryContent(file.getValue());
            assertThat(Files.isSymbolicLink(copy)).as(file.getKey()).isFalse();
            assertThat(Files.getPosixFilePermissions(copy)).as(file.getKey()).isEqualTo(Files.getPosixFilePermissions(original));
            assertThat(Files.getLastModifiedTime(copy)).as(file.getKey()).isEqualTo(Files.getLastModifiedTime(original));
        }
        for (String dir : SnapshotTrees.DIRECTORIES) {
            Path copy = target.resolve(dir);
            Path original = dataDir.resolve(dir);
            assertThat(copy).as(dir).isDirectory();
            assertThat(Files.getPosixFilePermissions(copy)).as(dir).isEqualTo(Files.getPosixFilePermissions(original));
            assertThat(Files.getLastModifiedTime(copy)).as(dir).isEqualTo(Files.getLastModifiedTime(original));
        }
        assertThat(Files.getPosixFilePermissions(target.resolve("shop"))).isEqualTo(PosixFilePermissions.fromString("r-xr-x---"));
        assertThat(target.resolve("empty")).isEmptyDirectory();
        DataDirectoryCopier.deleteTree(target);
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @MethodSource("methods")
    void withLessRoomThanTheDataDirectoryNothingIsCopiedAndTheMessageSaysHowMuchIsNeeded(Method method, int threads)
            throws IOException {
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        long size = files.values().stream().mapToLong(b -> b.length).sum();
        AtomicLong askedFor = new AtomicLong();
        Path work = target.getParent();

        assertThatThrownBy(() -> copier(method, threads, folder -> {
            assertThat(folder).isEqualTo(work);
            askedFor.incrementAndGet();
            return size - 1;
        }).copy(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith("not enough room in " + work + " to copy " + dataDir + ": it holds ")
                .hasMessageEndingWith(" are free");
        assertThat(askedFor).hasValue(1);
        assertThat(work).isEmptyDirectory();
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @MethodSource("methods")
    void exactlyTheRoomOfTheDataDirectoryIsEnough(Method method, int threads) throws IOException {
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        long size = files.values().stream().mapToLong(b -> b.length).sum();

        copier(method, threads, folder -> size).copy(dataDir, target);

        assertThat(target.resolve("ibdata1")).hasBinaryContent(files.get("ibdata1"));
    }

    @Test
    void aFileThatFailsMidwayDeletesTheWholeCopyAndNamesTheFile() throws IOException {
        SnapshotTrees.create(dataDir, outside);
        AtomicInteger copiedBeforeFailure = new AtomicInteger();
        Path failing = dataDir.resolve("shop/orders.ibd");
        DataDirectoryCopier copier = new DataDirectoryCopier(2, folder -> Long.MAX_VALUE, (source, copy) -> {
            DataDirectoryCopier.copyFile(source, copy);
            if (source.equals(failing)) {
                throw new SnapshotException("cannot copy " + source + ": Input/output error");
            }
            copiedBeforeFailure.incrementAndGet();
        });

        assertThatThrownBy(() -> copier.copy(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(failing.toString());
        assertThat(copiedBeforeFailure.get()).as("other files were copied first").isPositive();
        assertThat(target).doesNotExist();
        assertThat(target.getParent()).isEmptyDirectory();
    }

    @Test
    void aFolderMadeReadOnlyByTheCopyIsStillDeletedOnFailure() throws IOException {
        SnapshotTrees.create(dataDir, outside);
        Files.setPosixFilePermissions(dataDir.resolve("deep/a"), PosixFilePermissions.fromString("r-x------"));
        DataDirectoryCopier copier = new DataDirectoryCopier(1, folder -> Long.MAX_VALUE, (source, copy) -> {
            DataDirectoryCopier.copyFile(source, copy);
            if (source.endsWith("zero.bin")) {
                throw new SnapshotException("failing on " + source);
            }
        });

        assertThatThrownBy(() -> copier.copy(dataDir, target)).isInstanceOf(SnapshotException.class);

        assertThat(target).doesNotExist();
        Files.setPosixFilePermissions(dataDir.resolve("deep/a"), PosixFilePermissions.fromString("rwx------"));
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @MethodSource("methods")
    void aDanglingLinkFailsNamingItBeforeAnythingIsCreated(Method method, int threads) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        Path dangling = Files.createSymbolicLink(dataDir.resolve("deep/gone.ibd"), outside.resolve("deleted.ibd"));

        assertThatThrownBy(() -> copier(method, threads, folder -> Long.MAX_VALUE).copy(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(dangling.toString())
                .hasMessageContaining("does not exist");
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @MethodSource("methods")
    void anExistingTargetIsRefusedAndLeftUntouched(Method method, int threads) throws IOException {
        SnapshotTrees.create(dataDir, outside);
        Files.createDirectories(target);
        Files.write(target.resolve("yesterday.ibd"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> copier(method, threads, folder -> Long.MAX_VALUE).copy(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining("already exists");
        assertThat(SnapshotTrees.contents(target)).containsExactly("yesterday.ibd");
    }

    @Test
    void aFileCpCannotReadFailsTheCopyWithCpsReasonAndDeletesIt() throws IOException {
        assumeTrue(CopyCommand.gnuCpAvailable(), "GNU cp is not installed");
        Path unreadable = Path.of("/proc/self/mem"); // a regular file whose first page cannot be read
        assumeTrue(Files.isRegularFile(unreadable), "needs Linux procfs");
        SnapshotTrees.create(dataDir, outside);
        Files.createSymbolicLink(dataDir.resolve("shop/broken.ibd"), unreadable);

        assertThatThrownBy(() -> copier(Method.CP, 1, folder -> Long.MAX_VALUE).copy(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith("cannot copy " + dataDir + " to " + target + ": cp: ")
                .hasMessageContaining("broken.ibd");
        assertThat(target.getParent()).isEmptyDirectory();
    }

    @Test
    void aCopyThatDoesNotHoldWhatTheDataDirectoryHeldIsDeleted() throws IOException {
        SnapshotTrees.create(dataDir, outside);
        DataDirectoryCopier skipping = new DataDirectoryCopier(1, folder -> Long.MAX_VALUE, (source, copy) -> {
            if (!source.endsWith("ibdata1")) {
                DataDirectoryCopier.copyFile(source, copy);
            }
        });

        assertThatThrownBy(() -> skipping.copy(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("the copy " + target + " holds 6 files");
        assertThat(target).doesNotExist();
    }

    @Test
    void autoUsesGnuCpWhereInstalledAndTheDefaultIsTheInJvmCopy() {
        assertThat(new DataDirectoryCopier(Method.AUTO, 2).method())
                .isEqualTo(CopyCommand.gnuCpAvailable() ? Method.CP : Method.JAVA);
        assertThat(new DataDirectoryCopier(2).method()).isEqualTo(Method.JAVA);
        assertThat(new DataDirectoryCopier(Method.JAVA, 2, folder -> 0).method()).isEqualTo(Method.JAVA);
    }

    @Test
    void threadCountsOutside1To64AreRefused() {
        assertThatThrownBy(() -> new DataDirectoryCopier(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DataDirectoryCopier(65)).isInstanceOf(IllegalArgumentException.class);
    }
}
