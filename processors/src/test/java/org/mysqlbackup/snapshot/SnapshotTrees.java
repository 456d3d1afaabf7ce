package org.mysqlbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** A data directory with each kind of entry a snapshot must carry, and the checks that a zip holds it. */
final class SnapshotTrees {
    static final Instant FILE_MTIME = Instant.parse("2024-01-02T03:04:06Z");
    static final Instant DIR_MTIME = Instant.parse("2023-06-07T08:09:10Z");
    static final List<String> DIRECTORIES = List.of("deep/", "deep/a/", "deep/a/b/", "deep/a/b/c/", "empty/", "shop/");

    private SnapshotTrees() {
    }

    /**
     * Nested folders, an empty folder, a 0-byte file, a random file of a few MiB, a file with mode
     * 0640 and a fixed mtime, a folder with mode 0750 and a fixed mtime, and a symbolic link to a
     * file outside.
     *
     * @return the content of every regular file the snapshot must hold, by relative name
     */
    static Map<String, byte[]> create(Path dataDir, Path outside) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ibdata1", random(3 * 1024 * 1024 + 17, 1));
        files.put("zero.bin", new byte[0]);
        files.put("shop/orders.ibd", random(64 * 1024, 2));
        files.put("shop/db.opt", "default-character-set=utf8mb4\n".getBytes());
        files.put("deep/a/b/c/leaf.frm", random(100, 3));
        files.put("mysql.ibd", compressible(1_500_000));
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

        Path mysql = dataDir.resolve("mysql.ibd");
        Files.setPosixFilePermissions(mysql, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(mysql, FileTime.from(FILE_MTIME));
        Path deep = dataDir.resolve("deep");
        Files.setPosixFilePermissions(deep, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(deep, FileTime.from(DIR_MTIME));
        return files;
    }

    /**
     * The zip holds exactly the files and folders of {@code source} (besides {@code extraEntries}),
     * with the same content, mode and modification time (to the second).
     */
    static void assertZipHolds(Path zip, Path source, Map<String, byte[]> files, String... extraEntries) throws IOException {
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            List<String> names = Collections.list(archive.getEntries()).stream().map(ZipArchiveEntry::getName).toList();
            TreeSet<String> expected = new TreeSet<>(files.keySet());
            expected.addAll(DIRECTORIES);
            expected.addAll(List.of(extraEntries));
            assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
            for (String name : names) {
                if (List.of(extraEntries).contains(name)) {
                    continue;
                }
                ZipArchiveEntry entry = archive.getEntry(name);
                Path original = source.resolve(name);
                if (!name.endsWith("/")) {
                    try (InputStream in = archive.getInputStream(entry)) {
                        assertThat(in.readAllBytes()).as(name).isEqualTo(files.get(name));
                    }
                }
                assertThat(entry.getUnixMode() & 0777).as("mode of " + name)
                        .isEqualTo(DataDirectoryTree.permissions(original, name.endsWith("/")));
                assertThat(entry.getLastModifiedTime().toInstant().getEpochSecond()).as("mtime of " + name)
                        .isEqualTo(Files.getLastModifiedTime(original).toInstant().getEpochSecond());
            }
            assertThat(archive.getEntry("mysql.ibd").getUnixMode() & 0777).isEqualTo(0640);
            assertThat(archive.getEntry("mysql.ibd").getLastModifiedTime().toInstant()).isEqualTo(FILE_MTIME);
            assertThat(archive.getEntry("deep/").getUnixMode() & 0777).isEqualTo(0750);
            assertThat(archive.getEntry("deep/").getLastModifiedTime().toInstant()).isEqualTo(DIR_MTIME);
            assertThat(archive.getEntry("shop/linked.MYD").isUnixSymlink()).isFalse();
        }
    }

    static List<String> entryNames(Path zip) throws IOException {
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            return Collections.list(archive.getEntries()).stream().map(ZipArchiveEntry::getName).toList();
        }
    }

    /** Every path under {@code folder}, relative, for asserting what a failure left behind. */
    static List<String> contents(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Text with repeats, like rows of a table: deflate finds matches across chunk boundaries. */
    static byte[] compressible(int size) {
        StringBuilder text = new StringBuilder(size + 100);
        Random random = new Random(99);
        while (text.length() < size) {
            text.append("INSERT INTO orders VALUES (").append(random.nextInt(100_000)).append(", 'customer-")
                    .append(random.nextInt(500)).append("', 'shipped');\n");
        }
        return text.substring(0, size).getBytes();
    }
}
