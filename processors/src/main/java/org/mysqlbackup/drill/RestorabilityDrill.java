package org.mysqlbackup.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.SnapshotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a backup restores: unpack it into a scratch folder, boot a throwaway server on it, check
 * every table, stop the server, remove the scratch folder. The server is stopped and the scratch
 * folder removed on every path, whichever step fails.
 *
 * <pre>
 *   obtain the zip (fetch)        -> scratch/fetch/
 *   check the server version      -> refused: DrillNotPossibleException, nothing recorded
 *   unpack (safe extractor)       -> scratch/data/      refused or unreadable: FAILED
 *   boot                          -> scratch/server.*   did not come up: COULD_NOT_BOOT with the error log tail
 *   CHECK TABLE, COUNT, CHECKSUM  -> PASSED, or FAILED naming the tables
 *   stop (SHUTDOWN, SIGTERM, SIGKILL), remove scratch/
 * </pre>
 */
public final class RestorabilityDrill {
    private static final Logger LOG = LoggerFactory.getLogger(RestorabilityDrill.class);

    private final Path scratchRoot;
    private final Unpacker unpacker;
    private final ServerBooter booter;
    private final TableChecker checker;
    private final Duration checkLimit;

    /**
     * @param scratchRoot where the scratch folders go ({@code drill.scratch-dir}), created when missing
     * @param checkLimit  longest the checks may take before the server is stopped under them
     */
    public RestorabilityDrill(Path scratchRoot, Unpacker unpacker, ServerBooter booter, TableChecker checker,
                              Duration checkLimit) {
        this.checkLimit = checkLimit;
        this.scratchRoot = scratchRoot;
        this.unpacker = unpacker;
        this.booter = booter;
        this.checker = checker;
    }

    /**
     * Drills the backup {@code source} gives.
     *
     * @throws DrillNotPossibleException when this host cannot drill it (says nothing about the backup)
     * @throws IOException               when {@code source} fails (a fetch)
     */
    public DrillResult drill(BackupSource source) throws IOException {
        Path scratch = createScratch();
        try {
            return drillIn(scratch, source);
        } finally {
            remove(scratch);
        }
    }

    private DrillResult drillIn(Path scratch, BackupSource source) throws IOException {
        long started = System.nanoTime();
        Path fetchFolder = Files.createDirectory(scratch.resolve("fetch"));
        Path zip = source.obtain(fetchFolder);
        Duration fetch = since(started);

        // a server of the wrong version is known before anything is unpacked
        findManifest(zip).ifPresent(booter::check);

        started = System.nanoTime();
        Unpacker.Unpacked unpacked;
        try {
            unpacked = unpacker.unpack(zip, scratch.resolve("data"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Drill: {} could not be unpacked: {}", zip.getFileName(), e.getMessage());
            return new DrillResult(DrillOutcome.FAILED, true, 0, List.of(), "the backup could not be unpacked: "
                    + e.getMessage(), new DrillTimings(fetch, since(started), null, null));
        }
        Duration unpack = since(started);
        if (zip.startsWith(fetchFolder)) {
            Files.deleteIfExists(zip);
        }
        BackupManifest manifest = unpacked.manifest();
        booter.check(manifest);
        List<BackupManifest.TableChecksum> expected = manifest.tables() == null || manifest.tables().isEmpty()
                ? null : manifest.tables();

        started = System.nanoTime();
        RunningServer server;
        try {
            server = booter.boot(unpacked.dataDirectory(), scratch);
        } catch (BootFailedException e) {
            LOG.warn("Drill: the restored copy did not boot: {}", e.getMessage());
            String detail = e.getMessage() + (e.errorLogTail().isBlank() ? "" : "\nerror log:\n" + e.errorLogTail());
            return new DrillResult(DrillOutcome.COULD_NOT_BOOT, expected != null, 0, List.of(), detail,
                    new DrillTimings(fetch, unpack, since(started), null));
        }
        Duration boot = since(started);

        started = System.nanoTime();
        DrillResult result;
        try {
            TableReport report = checkWithin(server, expected);
            DrillTimings timings = new DrillTimings(fetch, unpack, boot, since(started));
            result = new DrillResult(report.problems().isEmpty() ? DrillOutcome.PASSED : DrillOutcome.FAILED,
                    expected != null, report.tablesChecked(), report.problems(), null, timings);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Drill: the checks did not finish: {}", e.getMessage());
            result = new DrillResult(DrillOutcome.FAILED, expected != null, 0, List.of(),
                    "the checks did not finish: " + e.getMessage(), new DrillTimings(fetch, unpack, boot, since(started)));
        } finally {
            stop(server);
        }
        return result;
    }

    /**
     * The checks on a thread of their own, waited for at most {@code checkLimit}: a server that hangs
     * does not answer the statements' own time limits (they are enforced by the server), so past the
     * limit it is stopped (killed), which ends the checks' calls.
     */
    private TableReport checkWithin(RunningServer server, List<BackupManifest.TableChecksum> expected)
            throws SQLException {
        CompletableFuture<TableReport> checks = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                checks.complete(checker.check(server, expected));
            } catch (Throwable e) {
                checks.completeExceptionally(e);
            }
        }, "drill-checks");
        thread.setDaemon(true);
        thread.start();
        try {
            return checks.get(checkLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop(server);
            throw new SQLTimeoutException("the checks did not finish within " + (checkLimit.toMillis() < 10_000
                    ? checkLimit.toMillis() + " ms" : checkLimit.toSeconds() + " s") + "; the server was stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(server);
            throw new SQLException("interrupted while the checks ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Optional<BackupManifest> findManifest(Path zip) {
        try {
            return BackupManifest.findIn(zip);
        } catch (SnapshotException e) {
            // the extractor says what is wrong with the archive, with its own words
            return Optional.empty();
        }
    }

    private static void stop(RunningServer server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            LOG.error("Drill: could not stop the throwaway server: {}", e.getMessage(), e);
        }
    }

    private Path createScratch() {
        try {
            Files.createDirectories(scratchRoot);
            return Files.createTempDirectory(scratchRoot, "drill-");
        } catch (IOException e) {
            throw new DrillNotPossibleException("cannot create a scratch folder in " + scratchRoot + " (drill.scratch-dir): "
                    + e.getMessage(), e);
        }
    }

    /** Removes the scratch folder; a failure is logged, never hides the drill's result. */
    static void remove(Path scratch) {
        try (Stream<Path> paths = Files.walk(scratch)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.error("Drill: could not remove the scratch folder {}: {}; remove it by hand", scratch, e.getMessage());
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
