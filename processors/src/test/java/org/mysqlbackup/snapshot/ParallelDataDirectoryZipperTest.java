package org.mysqlbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every test of {@link DataDirectoryZipperTest} with two deflate threads, plus what only the
 * parallel writer can get wrong: chunk boundaries, the format as other readers see it, zip64.
 */
class ParallelDataDirectoryZipperTest extends DataDirectoryZipperTest {
    private static final int CHUNK = ParallelDeflateZipWriter.CHUNK_BYTES;
    private static final FileTime MTIME = FileTime.from(Instant.parse("2024-05-06T07:08:10Z"));

    @TempDir
    Path folder;

    @Override
    DataDirectoryZipper zipper(int level) {
        return new DataDirectoryZipper(level, 2);
    }

    /** Sizes around chunk boundaries, compressible (matches reach back across chunks) and random. */
    private Map<String, byte[]> boundaryFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty.ibd", new byte[0]);
        files.put("one-byte.ibd", new byte[] {42});
        files.put("chunk-minus-1.ibd", SnapshotTrees.compressible(CHUNK - 1));
        files.put("chunk.ibd", SnapshotTrees.compressible(CHUNK));
        files.put("chunk-plus-1.ibd", SnapshotTrees.compressible(CHUNK + 1));
        files.put("two-chunks.ibd", SnapshotTrees.compressible(2 * CHUNK));
        files.put("many-chunks.ibd", SnapshotTrees.compressible(5 * CHUNK + 12345));
        files.put("random.ibd", SnapshotTrees.random(3 * CHUNK + 7, 21));
        return files;
    }

    private Path writeTree(Map<String, byte[]> files) throws IOException {
        Path dataDir = Files.createDirectories(folder.resolve("boundaries"));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(dataDir.resolve(file.getKey()), file.getValue());
        }
        return dataDir;
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {0, 1, 6, 9})
    void filesOfEverySizeAroundChunkBoundariesComeBackIdenticalThroughEveryReader(int level) throws Exception {
        Map<String, byte[]> files = boundaryFiles();
        Path zip = folder.resolve("boundaries.zip");

        new DataDirectoryZipper(level, 3).zip(writeTree(files), zip);

        assertReadersAgree(zip, files, true);
    }

    @Test
    void compressibleDataCompressesAsWellAsOnOneThread() throws IOException {
        Map<String, byte[]> files = Map.of("text.ibd", SnapshotTrees.compressible(6 * CHUNK));
        Path dataDir = writeTree(files);

        long parallel = new DataDirectoryZipper(1, 2).zip(dataDir, folder.resolve("parallel.zip")).size();
        long single = new DataDirectoryZipper(1, 1).zip(dataDir, folder.resolve("single.zip")).size();

        // without the previous chunk as dictionary each chunk would start from nothing
        assertThat((double) parallel / single).isBetween(0.97, 1.03);
    }

    @Test
    void zip64RecordsAreReadByEveryReader() throws Exception {
        Map<String, byte[]> files = boundaryFiles();
        Path zip = folder.resolve("zip64.zip");
        try (OutputStream out = Files.newOutputStream(zip);
             ParallelDeflateZipWriter writer = new ParallelDeflateZipWriter(out, 1, 2, 1000)) {
            writer.directory("dir/", MTIME, 0750);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                writer.bytes(file.getKey(), MTIME, 0640, file.getValue());
            }
            writer.finish();
        }
        byte[] bytes = Files.readAllBytes(zip);
        assertThat(indexOf(bytes, new byte[] {0x50, 0x4b, 0x06, 0x06})).as("zip64 end record").isPositive();

        files.put("dir/", new byte[0]);
        // the JDK's ZipInputStream sizes a data descriptor by the bytes it inflated, not by the zip64
        // extra, so it reads only real zip64 entries (over 4 GiB); the others go by the extra
        assertReadersAgree(zip, files, false);
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            assertThat(archive.getEntry("many-chunks.ibd").getSize()).isEqualTo(5 * CHUNK + 12345);
            assertThat(archive.getEntry("many-chunks.ibd").getUnixMode()).isEqualTo(0100640);
            assertThat(archive.getEntry("dir/").getUnixMode()).isEqualTo(040750);
            assertThat(archive.getEntry("dir/").getLastModifiedTime()).isEqualTo(MTIME);
        }
    }

    @Test
    void threadCountsOutside1To64AreRefused() {
        assertThatThrownBy(() -> new DataDirectoryZipper(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new DataDirectoryZipper(1, 65)).isInstanceOf(IllegalArgumentException.class);
    }

    /** commons-compress (central directory and streaming), the JDK (both) and Info-ZIP read the same entries. */
    private static void assertReadersAgree(Path zip, Map<String, byte[]> files, boolean jdkStream) throws Exception {
        try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
            List<String> names = Collections.list(archive.getEntries()).stream().map(ZipArchiveEntry::getName).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(files.keySet());
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                try (InputStream in = archive.getInputStream(archive.getEntry(file.getKey()))) {
                    assertThat(in.readAllBytes()).as("commons-compress ZipFile: " + file.getKey()).isEqualTo(file.getValue());
                }
            }
        }
        try (ZipArchiveInputStream in = new ZipArchiveInputStream(Files.newInputStream(zip), "UTF-8", true, true)) {
            int seen = 0;
            for (ZipArchiveEntry entry; (entry = in.getNextEntry()) != null; seen++) {
                assertThat(in.readAllBytes()).as("commons-compress stream: " + entry.getName()).isEqualTo(files.get(entry.getName()));
            }
            assertThat(seen).isEqualTo(files.size());
        }
        try (java.util.zip.ZipFile archive = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(archive.size()).isEqualTo(files.size());
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = archive.getEntry(file.getKey());
                try (InputStream in = archive.getInputStream(entry)) {
                    assertThat(in.readAllBytes()).as("JDK ZipFile: " + file.getKey()).isEqualTo(file.getValue());
                }
            }
        }
        if (jdkStream) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                int seen = 0;
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; seen++) {
                    ByteArrayOutputStream content = new ByteArrayOutputStream();
                    in.transferTo(content);
                    assertThat(content.toByteArray()).as("JDK stream: " + entry.getName()).isEqualTo(files.get(entry.getName()));
                }
                assertThat(seen).isEqualTo(files.size());
            }
        }
        Process unzip;
        try {
            unzip = new ProcessBuilder("unzip", "-tq", zip.toString()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return;
        }
        String output = new String(unzip.getInputStream().readAllBytes());
        assumeTrue(unzip.waitFor(60, TimeUnit.SECONDS), "unzip did not finish");
        assertThat(unzip.exitValue()).as(output).isZero();
        assertThat(output).contains("No errors detected");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
