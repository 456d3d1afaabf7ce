package org.mysqlbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryZipperTest {
    private static final Instant MTIME = Instant.parse("2024-01-02T03:04:06Z");

    @TempDir
    Path temp;
    private Path dataDir;
    private Path outside;
    private Path target;
    private DataDirectoryZipper zipper;

    /** The zipper under test; {@link ParallelDataDirectoryZipperTest} runs every test with two threads. */
    DataDirectoryZipper zipper(int level) {
        return new DataDirectoryZipper(level);
    }

    @BeforeEach
    void createFolders() throws IOException {
        zipper = zipper(1);
        dataDir = Files.createDirectories(temp.resolve("datadir"));
        outside = Files.createDirectories(temp.resolve("outside"));
        target = Files.createDirectories(temp.resolve("work")).resolve("Data.zip");
    }

    /** A small data directory with each kind of entry MySQL leaves behind, and its expected file contents. */
    private Map<String, byte[]> createTypicalDataDirectory() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ibdata1", random(3 * 1024 * 1024 + 17, 1));
        files.put("zero.bin", new byte[0]);
        files.put("shop/orders.ibd", random(64 * 1024, 2));
        files.put("shop/db.opt", "default-character-set=utf8mb4\n".getBytes());
        files.put("deep/a/b/c/leaf.frm", random(100, 3));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = dataDir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        Files.createDirectories(dataDir.resolve("empty"));
        byte[] linked = random(1000, 4);
        Files.write(outside.resolve("elsewhere.MYD"), linked);
        Files.createSymbolicLink(dataDir.resolve("shop/linked.MYD"), outside.resolve("elsewhere.MYD"));
        files.put("shop/linked.MYD", linked);
        return files;
    }

    @Test
    void everyFileIsArchivedUnderItsRelativeNameWithIdenticalContent() throws IOException {
        Map<String, byte[]> files = createTypicalDataDirectory();

        zipper.zip(dataDir, target);

        try (ZipFile zip = ZipFile.builder().setPath(target).get()) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipArchiveEntry entry = zip.getEntry(file.getKey());
                assertThat(entry).as(file.getKey()).isNotNull();
                try (InputStream in = zip.getInputStream(entry)) {
                    assertThat(in.readAllBytes()).as(file.getKey()).isEqualTo(file.getValue());
                }
            }
        }
    }

    @Test
    void theArchiveHoldsExactlyTheTreeWithDirectoriesIncludingEmptyOnes() throws IOException {
        createTypicalDataDirectory();

        zipper.zip(dataDir, target);

        assertThat(entryNames()).containsExactlyInAnyOrder(
                "deep/", "deep/a/", "deep/a/b/", "deep/a/b/c/", "deep/a/b/c/leaf.frm",
                "empty/", "ibdata1", "shop/", "shop/db.opt", "shop/linked.MYD", "shop/orders.ibd", "zero.bin");
    }

    @Test
    void aSymlinkToAFileOutsideIsArchivedAsARegularFileNotALink() throws IOException {
        createTypicalDataDirectory();

        zipper.zip(dataDir, target);

        try (ZipFile zip = ZipFile.builder().setPath(target).get()) {
            ZipArchiveEntry linked = zip.getEntry("shop/linked.MYD");
            assertThat(linked.isUnixSymlink()).isFalse();
            assertThat(linked.getSize()).isEqualTo(1000);
        }
    }

    @Test
    void aSymlinkedDatabaseDirectoryIsFollowed() throws IOException {
        Path database = Files.createDirectories(outside.resolve("bigdb"));
        Files.write(database.resolve("t.ibd"), random(5000, 5));
        Files.createSymbolicLink(dataDir.resolve("bigdb"), database);

        zipper.zip(dataDir, target);

        assertThat(entryNames()).containsExactlyInAnyOrder("bigdb/", "bigdb/t.ibd");
    }

    @Test
    void theResultsChecksumsAndSizeMatchTheArchiveOnDisk() throws Exception {
        Map<String, byte[]> files = createTypicalDataDirectory();

        SnapshotResult result = zipper.zip(dataDir, target);

        byte[] archive = Files.readAllBytes(target);
        assertThat(result.archive()).isEqualTo(target);
        assertThat(result.size()).isEqualTo(archive.length);
        assertThat(result.sha256()).isEqualTo(hex("SHA-256", archive));
        assertThat(result.md5()).isEqualTo(hex("MD5", archive));
        assertThat(result.files()).isEqualTo(files.size());
        assertThat(result.sourceBytes()).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());
    }

    @Test
    void entriesKeepModificationTimeAndPosixMode() throws IOException {
        Path file = dataDir.resolve("mysql.ibd");
        Files.write(file, random(10, 6));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(file, FileTime.from(MTIME));

        zipper.zip(dataDir, target);

        try (ZipFile zip = ZipFile.builder().setPath(target).get()) {
            ZipArchiveEntry entry = zip.getEntry("mysql.ibd");
            assertThat(entry.getUnixMode() & 0777).isEqualTo(0640);
            assertThat(entry.getLastModifiedTime().toInstant()).isEqualTo(MTIME);
        }
    }

    @Test
    void aDanglingSymlinkFailsNamingItAndLeavesNoPartialArchive() throws IOException {
        Files.write(dataDir.resolve("ibdata1"), random(1000, 7));
        Path dangling = dataDir.resolve("gone.ibd");
        Files.createSymbolicLink(dangling, outside.resolve("deleted.ibd"));

        assertThatThrownBy(() -> zipper.zip(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(dangling.toString())
                .hasMessageContaining("does not exist");
        assertThat(target).doesNotExist();
        assertThat(target.getParent()).isEmptyDirectory();
    }

    @Test
    void aSymlinkLoopFailsInsteadOfRecursingForever() throws IOException {
        Files.createDirectories(dataDir.resolve("a"));
        Files.createSymbolicLink(dataDir.resolve("a/loop"), dataDir);

        assertThatThrownBy(() -> zipper.zip(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("loop");
        assertThat(target).doesNotExist();
    }

    @Test
    void anExistingTargetIsRefusedAndLeftUntouched() throws IOException {
        Files.write(dataDir.resolve("ibdata1"), random(1000, 8));
        byte[] previous = "yesterday's backup".getBytes();
        Files.write(target, previous);

        assertThatThrownBy(() -> zipper.zip(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(target.toString());
        assertThat(target).hasBinaryContent(previous);
    }

    @Test
    void anUnreadableFileFailsNamingItAndLeavesNoPartialArchive() throws IOException {
        Path unreadable = dataDir.resolve("locked.ibd");
        Files.write(dataDir.resolve("a_first.ibd"), random(200_000, 9));
        Files.write(unreadable, random(10, 10));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(unreadable), "running as root: permissions are not enforced");

        assertThatThrownBy(() -> zipper.zip(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(unreadable.toString());
        assertThat(target).doesNotExist();
    }

    @Test
    void aFileThatChangesSizeWhileBeingReadFailsAndLeavesNoPartialArchive() throws IOException {
        // procfs reports size 0 and then yields content: exactly what a file being written to looks like
        Path growing = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(growing) && Files.size(growing) == 0, "needs Linux procfs");
        Files.write(dataDir.resolve("a_first.ibd"), random(200_000, 12));
        Path link = Files.createSymbolicLink(dataDir.resolve("z_growing.ibd"), growing);

        assertThatThrownBy(() -> zipper.zip(dataDir, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(link.toString())
                .hasMessageContaining("changed size while being read");
        assertThat(target).doesNotExist();
    }

    @Test
    void aDataDirectoryThatIsNotADirectoryIsRefused() {
        Path missing = temp.resolve("no-such-datadir");

        assertThatThrownBy(() -> zipper.zip(missing, target))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(missing.toString());
        assertThat(target).doesNotExist();
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoIsSkippedWithoutBlockingOnIt() throws Exception {
        Files.write(dataDir.resolve("ibdata1"), random(1000, 11));
        Path fifo = dataDir.resolve("mysql.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available");

        SnapshotResult result = zipper.zip(dataDir, target);

        assertThat(entryNames()).containsExactly("ibdata1");
        assertThat(result.files()).isEqualTo(1);
    }

    @Test
    void compressionLevelsOutside0To9AreRefused() {
        assertThatThrownBy(() -> zipper(10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10");
        assertThatThrownBy(() -> zipper(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void levelZeroStoresTheBytesUncompressed() throws IOException {
        byte[] zeros = new byte[100_000];
        Files.write(dataDir.resolve("zeros"), zeros);

        SnapshotResult stored = zipper(0).zip(dataDir, target);

        assertThat(stored.size()).isGreaterThan(zeros.length);
    }

    private List<String> entryNames() throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(target).get()) {
            return Collections.list(zip.getEntries()).stream().map(ZipArchiveEntry::getName).toList();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
