package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.mysql.DataDirectoryUsage.FileKey;
import org.mysqlbackup.mysql.DataDirectoryUsage.LockLine;

/**
 * A file's key is the device of the file system holding it (not {@code stat}'s {@code %t %T}, the
 * device a device node stands for, 0:0 for a regular file) and its inode, as {@code /proc/locks}
 * prints them. Checked against GNU stat on two file systems: the one of the temporary folder (a disk,
 * minor often 0) and tmpfs ({@code /dev/shm}, major 0 and a non-zero minor).
 */
class FileKeyTest {
    private static final Path SHM = Path.of("/dev/shm");

    @TempDir
    Path dir;

    private Path shmDir;
    private ChildProcesses children;

    @AfterEach
    void cleanUp() throws IOException {
        if (children != null) {
            children.close();
        }
        if (shmDir != null) {
            try (var files = Files.walk(shmDir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aFileOnTheTemporaryFolderHasTheDeviceAndInodeStatSays() throws Exception {
        assertKeyIsStats(Files.writeString(dir.resolve("ibdata1"), "x"));
    }

    @Test
    void aFileOnTmpfsHasTheDeviceAndInodeStatSays() throws Exception {
        assertKeyIsStats(Files.writeString(shmDir().resolve("ibdata1"), "x"));
    }

    @Test
    void theGlibcFormulaSplitsTheDeviceNumberAsStatDoes() throws Exception {
        for (Path file : List.of(Files.writeString(dir.resolve("a"), "x"), Files.writeString(shmDir().resolve("a"), "x"))) {
            long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
            long[] stat = stat(file, "%d %Hd %Ld");

            assertThat(dev).as("unix:dev is st_dev, stat's %%d").isEqualTo(stat[0]);
            assertThat(new long[] {gnuDevMajor(dev), gnuDevMinor(dev)}).as(file.toString()).containsExactly(stat[1], stat[2]);
        }
    }

    @Test
    void aMissingFileHasNoKey() {
        assertThat(FileKey.of(dir.resolve("ibdata1"))).isEmpty();
    }

    @Test
    void aLockMatchesByInodeAndItsDeviceIsCheckedApart() {
        FileKey key = new FileKey(dir.resolve("ibdata1"), 254, 3, 42);

        assertThat(key.matches(new LockLine(1, 254, 3, 42))).isTrue();
        assertThat(key.matches(new LockLine(99, 254, 3, 42))).as("whoever holds it").isTrue();
        assertThat(key.matches(new LockLine(1, 254, 3, 43))).isFalse();
        // Btrfs: /proc/locks names the file system's device, the file its subvolume's; the open files decide
        assertThat(key.matches(new LockLine(1, 253, 3, 42))).isTrue();
        assertThat(key.sameDevice(new LockLine(1, 254, 3, 42))).isTrue();
        assertThat(key.sameDevice(new LockLine(1, 253, 3, 42))).isFalse();
        assertThat(key.sameDevice(new LockLine(1, 254, 0, 42))).isFalse();
        // minor and major are not interchangeable
        assertThat(new FileKey(dir, 3, 254, 42).sameDevice(new LockLine(1, 254, 3, 42))).isFalse();
    }

    @Test
    void theLineOfARealLockOnTmpfsMatchesTheFilesKey() throws Exception {
        children = new ChildProcesses(dir);
        Path file = Files.writeString(shmDir().resolve("aria_log_control"), "x");
        FileKey key = FileKey.of(file).orElseThrow();
        Process holder = children.holdingLock(file);

        Optional<LockLine> line = ChildProcesses.locks().stream().map(LockLine::parse).flatMap(Optional::stream)
                .filter(l -> l.pid() == holder.pid()).findFirst();

        assertThat(key.major()).as("tmpfs is an anonymous device").isZero();
        assertThat(key.minor()).isPositive();
        assertThat(line).hasValueSatisfying(l -> assertThat(key.matches(l)).as("%s vs %s", key, l).isTrue());
    }

    private static void assertKeyIsStats(Path file) throws Exception {
        long[] stat = stat(file, "%Hd %Ld %i");

        assertThat(FileKey.of(file)).contains(new FileKey(file, stat[0], stat[1], stat[2]));
    }

    /** GNU stat's numbers for {@code file}: %d is st_dev, %Hd/%Ld its major/minor, %i the inode. */
    private static long[] stat(Path file, String format) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", format, file.toString()).redirectErrorStream(true).start();
        try {
            String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(stat.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stat.exitValue()).as(out).isZero();
            String[] fields = out.split(" ");
            long[] numbers = new long[fields.length];
            for (int i = 0; i < fields.length; i++) {
                numbers[i] = Long.parseLong(fields[i]);
            }
            return numbers;
        } finally {
            stat.destroyForcibly();
        }
    }

    /** glibc's sysmacros.h, written out here so a mistake in the product is not copied into its oracle. */
    private static long gnuDevMajor(long dev) {
        return ((dev & 0x00000000000fff00L) >>> 8) | ((dev & 0xfffff00000000000L) >>> 32);
    }

    private static long gnuDevMinor(long dev) {
        return (dev & 0x00000000000000ffL) | ((dev & 0x00000ffffff00000L) >>> 12);
    }

    private Path shmDir() throws IOException {
        assumeThat(Files.isDirectory(SHM) && Files.isWritable(SHM)).as("a writable /dev/shm (tmpfs)").isTrue();
        if (shmDir == null) {
            shmDir = Files.createTempDirectory(SHM, "filekey-");
        }
        return shmDir;
    }
}
