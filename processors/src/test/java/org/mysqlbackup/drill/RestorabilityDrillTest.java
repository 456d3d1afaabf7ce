package org.mysqlbackup.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;

/**
 * The drill's spine with a failure at each step (fetch, version, unpack, boot, checks, stop): the
 * result says what happened, a booted server is always stopped, and the scratch folder is always gone.
 */
class RestorabilityDrillTest {
    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();

    private static final List<TableChecksum> TABLES = List.of(
            new TableChecksum("shop", "orders", "InnoDB", 10, 42L),
            new TableChecksum("shop", "tags", "Aria", 3, 7L));

    private static BackupManifest manifest(List<TableChecksum> tables) {
        return new BackupManifest(1, "db-1", "main", "10.11.6-MariaDB", "/var/lib/mysql", "copy",
                "2026-12-01T02:00:00Z", null, null, tables);
    }

    private Path scratchRoot() {
        return dir.resolve("scratch");
    }

    private BackupSource source() {
        return folder -> {
            Path zip = folder.resolve("b.zip");
            Files.writeString(zip, "not really a zip");
            events.add("fetched");
            return zip;
        };
    }

    private Unpacker unpacker(BackupManifest manifest) {
        return (zip, target) -> {
            assertThat(zip).exists();
            Files.createDirectories(target.resolve("mysql"));
            events.add("unpacked");
            return new Unpacker.Unpacked(target, manifest);
        };
    }

    private final class FakeServer implements RunningServer {
        private final boolean stopFails;

        FakeServer(boolean stopFails) {
            this.stopFails = stopFails;
        }

        @Override
        public Connection connect() throws SQLException {
            throw new SQLException("fake");
        }

        @Override
        public void stop() {
            events.add("stopped");
            if (stopFails) {
                throw new IllegalStateException("the throwaway server (pid 1) is still running after SIGKILL");
            }
        }
    }

    private ServerBooter booter(boolean bootFails, boolean stopFails, String refuse) {
        return new ServerBooter() {
            @Override
            public void check(BackupManifest manifest) {
                if (refuse != null) {
                    throw new DrillNotPossibleException(refuse);
                }
            }

            @Override
            public RunningServer boot(Path dataDirectory, Path scratch) throws BootFailedException {
                assertThat(dataDirectory.resolve("mysql")).isDirectory();
                assertThat(scratch).startsWith(scratchRoot());
                Path log = scratch.resolve("server.err");
                try {
                    Files.writeString(log, "[ERROR] InnoDB: the log file is corrupted\n");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                if (bootFails) {
                    events.add("boot failed");
                    throw new BootFailedException("the throwaway server (pid 7) exited with code 1 while booting",
                            "[ERROR] InnoDB: the log file is corrupted");
                }
                events.add("booted");
                return new FakeServer(stopFails);
            }
        };
    }

    private RestorabilityDrill drill(Unpacker unpacker, ServerBooter booter, TableChecker checker) {
        return new RestorabilityDrill(scratchRoot(), unpacker, booter, checker, Duration.ofSeconds(30));
    }

    private void assertScratchGone() throws IOException {
        try (Stream<Path> left = Files.list(scratchRoot())) {
            assertThat(left).as("scratch folders left behind").isEmpty();
        }
    }

    @Test
    void aGoodBackupPassesAndLeavesNothing() throws IOException {
        List<List<TableChecksum>> asked = new ArrayList<>();
        DrillResult result = drill(unpacker(manifest(TABLES)), booter(false, false, null), (server, expected) -> {
            asked.add(expected);
            events.add("checked");
            return new TableReport(2, List.of());
        }).drill(source());

        assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
        assertThat(result.checksumsCompared()).isTrue();
        assertThat(result.summary()).isEqualTo("passed: 2 tables passed CHECK TABLE, row counts and CHECKSUM TABLE match"
                + " the manifest");
        assertThat(asked).containsExactly(TABLES);
        assertThat(events).containsExactly("fetched", "unpacked", "booted", "checked", "stopped");
        assertThat(result.timings().line()).matches("drill time: fetch \\d+\\.\\d s, unpack \\d+\\.\\d s,"
                + " boot \\d+\\.\\d s, checks \\d+\\.\\d s");
        assertScratchGone();
    }

    @Test
    void aManifestWithoutChecksumsIsBootedAndCheckedOnlyAndSaysSo() throws IOException {
        List<List<TableChecksum>> asked = new ArrayList<>();
        DrillResult result = drill(unpacker(manifest(null)), booter(false, false, null), (server, expected) -> {
            asked.add(expected);
            return new TableReport(4, List.of());
        }).drill(source());

        assertThat(result.passed()).isTrue();
        assertThat(result.checksumsCompared()).isFalse();
        assertThat(asked).containsExactly((List<TableChecksum>) null);
        assertThat(result.reason()).contains("4 tables passed CHECK TABLE").contains(DrillResult.NO_CHECKSUMS);
        assertScratchGone();
    }

    @Test
    void anEmptyTableListCountsAsNoChecksums() throws IOException {
        DrillResult result = drill(unpacker(manifest(List.of())), booter(false, false, null),
                (server, expected) -> new TableReport(4, List.of())).drill(source());
        assertThat(result.checksumsCompared()).isFalse();
    }

    @Test
    void aTableThatDiffersFailsTheDrillNamingIt() throws IOException {
        DrillResult result = drill(unpacker(manifest(TABLES)), booter(false, false, null), (server, expected) ->
                new TableReport(2, List.of(new TableProblem("shop", "orders",
                        "CHECKSUM TABLE 41 differs from the manifest's 42")))).drill(source());

        assertThat(result.outcome()).isEqualTo(DrillOutcome.FAILED);
        assertThat(result.summary()).isEqualTo("failed: 1 of 2 tables failed: shop.orders: CHECKSUM TABLE 41 differs"
                + " from the manifest's 42");
        assertThat(events).endsWith("stopped");
        assertScratchGone();
    }

    @Test
    void aFailedFetchLeavesNothing() {
        assertThatThrownBy(() -> drill(unpacker(manifest(TABLES)), booter(false, false, null),
                (server, expected) -> new TableReport(0, List.of())).drill(folder -> {
                    Files.writeString(folder.resolve("part"), "half");
                    throw new IOException("connection reset");
                })).isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(events).isEmpty();
        assertThat(scratchRoot()).isEmptyDirectory();
    }

    @Test
    void anUnpackFailureFailsTheDrillAndLeavesNothing() throws IOException {
        DrillResult result = drill((zip, target) -> {
            Files.createDirectories(target);
            Files.writeString(target.resolve("ibdata1"), "partial");
            throw new IOException("the archive was refused: entry ../../etc/passwd leaves the target");
        }, booter(false, false, null), (server, expected) -> {
            throw new AssertionError("no checks without a copy");
        }).drill(source());

        assertThat(result.outcome()).isEqualTo(DrillOutcome.FAILED);
        assertThat(result.reason()).isEqualTo("the backup could not be unpacked: the archive was refused:"
                + " entry ../../etc/passwd leaves the target");
        assertThat(events).containsExactly("fetched");
        assertScratchGone();
    }

    @Test
    void aVersionMismatchIsRefusedBeforeAnythingIsUnpacked() {
        BackupSource zipWithManifest = folder -> {
            Path zip = folder.resolve("b.zip");
            try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
                out.putArchiveEntry(new ZipArchiveEntry(BackupManifest.ENTRY_NAME));
                out.write(manifest(TABLES).toJson());
                out.closeArchiveEntry();
            }
            events.add("fetched");
            return zip;
        };
        assertThatThrownBy(() -> drill(unpacker(manifest(TABLES)), booter(false, false, "the backup was taken on"
                + " MariaDB 10.6 but mariadbd is MariaDB 10.11"), (server, expected) -> new TableReport(0, List.of()))
                .drill(zipWithManifest))
                .isInstanceOf(DrillNotPossibleException.class).hasMessageContaining("MariaDB 10.6");
        assertThat(events).containsExactly("fetched");
        assertThat(scratchRoot()).isEmptyDirectory();
    }

    @Test
    void aServerThatDoesNotBootIsReportedWithItsErrorLogAndLeavesNothing() throws IOException {
        DrillResult result = drill(unpacker(manifest(TABLES)), booter(true, false, null), (server, expected) -> {
            throw new AssertionError("no checks without a server");
        }).drill(source());

        assertThat(result.outcome()).isEqualTo(DrillOutcome.COULD_NOT_BOOT);
        assertThat(result.reason()).startsWith("the server did not boot on the restored data directory: the throwaway"
                + " server (pid 7) exited with code 1 while booting").endsWith("error log:\n"
                + "[ERROR] InnoDB: the log file is corrupted");
        assertThat(result.summary()).startsWith("could-not-boot: ").doesNotContain("\n");
        assertScratchGone();
    }

    @Test
    void checksThatBreakOffFailTheDrillAndStillStopTheServer() throws IOException {
        DrillResult result = drill(unpacker(manifest(TABLES)), booter(false, false, null), (server, expected) -> {
            throw new SQLTimeoutException("the checks did not finish within 3600 s");
        }).drill(source());

        assertThat(result.outcome()).isEqualTo(DrillOutcome.FAILED);
        assertThat(result.reason()).isEqualTo("the checks did not finish: the checks did not finish within 3600 s");
        assertThat(events).containsExactly("fetched", "unpacked", "booted", "stopped");
        assertScratchGone();
    }

    @Test
    void checksThatHangAreCutAtTheLimitByStoppingTheServer() throws IOException {
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        ServerBooter hanging = new ServerBooter() {
            @Override
            public void check(BackupManifest manifest) {
            }

            @Override
            public RunningServer boot(Path dataDirectory, Path scratch) {
                return new RunningServer() {
                    @Override
                    public Connection connect() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public void stop() {
                        // killing the server is what ends a call blocked on it
                        events.add("stopped");
                        released.countDown();
                    }
                };
            }
        };
        DrillResult result = new RestorabilityDrill(scratchRoot(), unpacker(manifest(TABLES)), hanging, (server, expected) -> {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("connection closed");
        }, Duration.ofMillis(300)).drill(source());

        assertThat(result.outcome()).isEqualTo(DrillOutcome.FAILED);
        assertThat(result.reason()).isEqualTo("the checks did not finish: the checks did not finish within 300 ms;"
                + " the server was stopped");
        assertThat(events).contains("stopped");
        assertScratchGone();
    }

    @Test
    void aStopThatFailsKeepsTheResultAndStillRemovesTheScratchFolder() throws IOException {
        DrillResult result = drill(unpacker(manifest(TABLES)), booter(false, true, null),
                (server, expected) -> new TableReport(2, List.of())).drill(source());

        assertThat(result.passed()).isTrue();
        assertThat(events).endsWith("stopped");
        assertScratchGone();
    }

    @Test
    void aScratchFolderThatCannotBeMadeIsNotTheBackupsFault() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        RestorabilityDrill drill = new RestorabilityDrill(dir.resolve("file/scratch"), unpacker(manifest(TABLES)),
                booter(false, false, null), (server, expected) -> new TableReport(0, List.of()), Duration.ofSeconds(30));
        assertThatThrownBy(() -> drill.drill(source())).isInstanceOf(DrillNotPossibleException.class)
                .hasMessageContaining("drill.scratch-dir");
    }
}
