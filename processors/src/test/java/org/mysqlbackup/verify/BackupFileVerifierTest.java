package org.mysqlbackup.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier on real zips damaged the ways a disk or a person damages them: each is found, with
 * a reason naming what is wrong; an intact file is found intact, read about once, and left exactly
 * as it was.
 */
class BackupFileVerifierTest {
    @TempDir
    Path dir;

    private final BackupFileVerifier verifier = new BackupFileVerifier();

    @Test
    void anIntactBackupIsIntactAndUntouched() throws Exception {
        Path zip = TestZips.backup(dir.resolve("b.zip"), 2 << 20, true);
        Files.setLastModifiedTime(zip, FileTime.from(Instant.parse("2026-11-01T02:00:00Z")));
        byte[] before = Files.readAllBytes(zip);
        String sha = TestZips.sha256(zip);

        Verdict verdict = verifier.verify(zip, Files.size(zip), sha);

        assertThat(verdict.result()).isEqualTo(VerifyResult.INTACT);
        assertThat(verdict.reason()).isNull();
        // one pass: the file once, its central directory and headers again at most
        assertThat(verdict.bytesRead()).isBetween((long) before.length, before.length + (64L << 10));
        assertThat(Files.readAllBytes(zip)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(zip).toInstant()).isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
    }

    @Test
    void everyByteReadPassesTheRateLimiter() throws Exception {
        Path zip = TestZips.backup(dir.resolve("b.zip"), 1 << 20, true);
        long[] clock = {0};
        long rate = 256 << 10;
        BackupFileVerifier limited = new BackupFileVerifier(() -> new ReadRateLimiter(rate, () -> clock[0],
                nanos -> clock[0] += nanos));

        Verdict verdict = limited.verify(zip, Files.size(zip), TestZips.sha256(zip));

        assertThat(verdict.intact()).isTrue();
        // a little over 4 s on the limiter's clock for a little over 1 MiB at 256 KiB/s
        double expectedNanos = verdict.bytesRead() * 1e9 / rate;
        assertThat((double) clock[0]).isBetween(expectedNanos * 0.9, expectedNanos * 1.01);
    }

    @Test
    void aFlippedByteOfTheSameSizeIsCorrupt() throws Exception {
        Path zip = TestZips.backup(dir.resolve("b.zip"), 1 << 20, true);
        String sha = TestZips.sha256(zip);
        long size = Files.size(zip);
        TestZips.flip(zip, size / 2);

        Verdict verdict = verifier.verify(zip, size, sha);

        assertThat(Files.size(zip)).isEqualTo(size);
        assertThat(verdict.result()).isEqualTo(VerifyResult.CORRUPT);
        assertThat(verdict.reason()).contains("no longer matches its SHA-256 recorded at finalize");
    }

    @Test
    void aTruncatedFileIsCorrupt() throws Exception {
        Path zip = TestZips.backup(dir.resolve("b.zip"), 1 << 20, true);
        String sha = TestZips.sha256(zip);
        long size = Files.size(zip);
        try (RandomAccessFile file = new RandomAccessFile(zip.toFile(), "rw")) {
            file.setLength(size / 2);
        }

        Verdict verdict = verifier.verify(zip, size, sha);

        assertThat(verdict.result()).isEqualTo(VerifyResult.CORRUPT);
        assertThat(verdict.reason()).contains("the file has " + size / 2 + " bytes, " + size + " were stored",
                "central directory cannot be read", "SHA-256");
    }

    @Test
    void aMissingFileIsMissing() throws Exception {
        Verdict verdict = verifier.verify(dir.resolve("gone.zip"), 100, "00");

        assertThat(verdict.result()).isEqualTo(VerifyResult.MISSING);
        assertThat(verdict.reason()).contains("gone.zip", "missing");
    }

    @Test
    void aDamagedCentralDirectoryIsFoundByTheStructureEvenWhenTheHashWasTakenAfterTheDamage() throws Exception {
        Path zip = TestZips.backup(dir.resolve("b.zip"), 256 << 10, true);
        long size = Files.size(zip);
        String intactSha = TestZips.sha256(zip);
        TestZips.flip(zip, TestZips.centralDirectory(zip));

        Verdict verdict = verifier.verify(zip, size, intactSha);
        assertThat(verdict.result()).isEqualTo(VerifyResult.CORRUPT);
        assertThat(verdict.reason()).contains("central directory cannot be read", "SHA-256");

        Verdict sameHash = verifier.verify(zip, size, TestZips.sha256(zip));
        assertThat(sameHash.result()).isEqualTo(VerifyResult.CORRUPT);
        assertThat(sameHash.reason()).contains("central directory cannot be read").doesNotContain("SHA-256");
    }

    @Test
    void anEntryWithABadCrcIsFoundEvenWhenTheWholeFileHashWasRecordedOverTheDamage() throws Exception {
        Path zip = TestZips.backup(dir.resolve("b.zip"), 256 << 10, true);
        long size = Files.size(zip);
        // damage the stored entry's data in place: the zip still reads, only its CRC-32 tells
        int offset = TestZips.indexOf(zip, "ibdata1 page 0 ".getBytes(StandardCharsets.US_ASCII), false);
        TestZips.flip(zip, offset + 100);
        String shaOverDamage = TestZips.sha256(zip);

        Verdict verdict = verifier.verify(zip, size, shaOverDamage);

        assertThat(verdict.result()).isEqualTo(VerifyResult.CORRUPT);
        assertThat(verdict.reason()).contains("entry 'ibdata1' fails its CRC-32 check").doesNotContain("SHA-256");
    }

    @Test
    void aZipWithoutItsManifestIsIntactWithANoteAndOneWithAnUnreadableManifestIsCorrupt() throws Exception {
        Path bare = TestZips.backup(dir.resolve("bare.zip"), 4096, false);
        Verdict noManifest = verifier.verify(bare, Files.size(bare), TestZips.sha256(bare));
        assertThat(noManifest.result()).as("its bytes are those recorded: retention must keep protecting it")
                .isEqualTo(VerifyResult.INTACT);
        assertThat(noManifest.reason()).startsWith("the archive has no backup-manifest.json (written before manifests");

        Path zip = TestZips.backup(dir.resolve("b.zip"), 4096, true);
        // '{' of the manifest becomes garbage; the whole-file hash and the CRC are taken after
        int brace = TestZips.indexOf(zip, "{\"formatVersion\"".getBytes(StandardCharsets.US_ASCII), true);
        assertThat(brace).as("manifest stored uncompressed?").isGreaterThanOrEqualTo(-1);
        if (brace >= 0) {
            TestZips.flip(zip, brace);
            Verdict garbage = verifier.verify(zip, Files.size(zip), TestZips.sha256(zip));
            assertThat(garbage.result()).isEqualTo(VerifyResult.CORRUPT);
        }
    }

    @Test
    void notAZipAtAllIsCorrupt() throws Exception {
        Path file = dir.resolve("b.zip");
        Files.write(file, new byte[5000]);

        Verdict verdict = verifier.verify(file, 5000, TestZips.sha256(file));

        assertThat(verdict.result()).isEqualTo(VerifyResult.CORRUPT);
        assertThat(verdict.reason()).contains("central directory cannot be read");
    }

    @Test
    void aFolderWhereTheFileWasIsMissing() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("b.zip"));

        assertThat(verifier.verify(dir.resolve("b.zip"), 1, "00").result()).isEqualTo(VerifyResult.MISSING);
    }
}
