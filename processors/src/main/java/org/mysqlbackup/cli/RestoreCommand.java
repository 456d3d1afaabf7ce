package org.mysqlbackup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.client.run.InstanceBusyException;
import org.mysqlbackup.client.run.InstanceLock;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.fetch.ArrivingFile;
import org.mysqlbackup.fetch.BackupFetcher;
import org.mysqlbackup.fetch.BackupSelector;
import org.mysqlbackup.fetch.FetchedBackup;
import org.mysqlbackup.fetch.ServerUnreachableException;
import org.mysqlbackup.fetch.StoredBackupInfo;
import org.mysqlbackup.restore.ArchiveExtractor;
import org.mysqlbackup.restore.ArchiveRefusedException;
import org.mysqlbackup.restore.ArrivingZip;
import org.mysqlbackup.restore.DataDirectorySwap;
import org.mysqlbackup.restore.ExtractedBackup;
import org.mysqlbackup.restore.ExtractionLimits;
import org.mysqlbackup.restore.InPlaceRestore;
import org.mysqlbackup.restore.Ownership;
import org.mysqlbackup.restore.RestoreStepException;
import org.mysqlbackup.restore.ZipSource;
import org.mysqlbackup.schedule.ScheduleBeans;
import org.mysqlbackup.schedule.SchedulePauses;
import org.mysqlbackup.transfer.Digests;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE restore [--config NAME] (--backup ID | --latest | --at TIME |
 * --file ZIP) (--target DIR | --in-place) [--force] [--owner USER:GROUP]}: brings a backup back as
 * a data directory. The spine:
 * <ol>
 *   <li>check the command line, the owner and the target (nothing touched yet);</li>
 *   <li>in place: pause the configuration's schedules in the running daemon, take its instance lock;</li>
 *   <li>fetch (resumable, every chunk and the whole file checked) or hash the local file;</li>
 *   <li>unpack beside the target ({@link ArchiveExtractor}: every entry checked against the
 *       manifest first), give it to the MySQL user;</li>
 *   <li>move the old contents aside and the restored directory in; in place, with MySQL stopped,
 *       proven down, started and verified ({@link InPlaceRestore});</li>
 *   <li>print what was restored, from which backup, and the checks done.</li>
 * </ol>
 * Every failure names its step and leaves MySQL running (exit 3 says when it could not).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a stored backup (or a local backup zip) as a data directory: into a new folder,"
                + " or in place of the configuration's MySQL data directory.")
public class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    FetchCommand.Selection selection;

    @Option(names = {"--config", "--configuration"}, paramLabel = "NAME",
            description = "The backup configuration: with --latest or --at the newest backup of it; with --in-place"
                    + " the MySQL to restore (default: backup.name).")
    String configName;

    @Option(names = "--target", paramLabel = "DIR",
            description = "Folder to restore into (created if missing). With --in-place: the data directory itself.")
    Path target;

    @Option(names = "--force", description = "Restore into a non-empty --target: what is there is moved aside to"
            + " DIR.before-restore-<time> (never deleted).")
    boolean force;

    @Option(names = "--owner", paramLabel = "USER:GROUP",
            description = "Owner of the restored files (default: restore.owner; 'none' keeps the restoring user).")
    String owner;

    @Option(names = "--file", paramLabel = "ZIP", description = "Restore this backup zip instead of fetching one"
            + " from the server (which need not be reachable).")
    Path file;

    @Option(names = "--sha256", paramLabel = "HEX", description = "With --file: the SHA-256 the file must have"
            + " (default: the one in ZIP.sha256, if there is such a file).")
    String expectedSha256;

    @Option(names = "--in-place", description = "Replace the configuration's data directory: stop its MySQL, swap"
            + " in the restored directory (the old one kept aside), start and verify MySQL; put the old one back"
            + " if MySQL does not come up.")
    boolean inPlace;

    /** The longest a restore waits for the next chunk (the fetch's own retries give up sooner). */
    private static final Duration FETCH_STALL = Duration.ofMinutes(10);
    /** Writer threads of the unpack: inflating is CPU work, one per core. */
    private static final int UNPACK_WRITERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final List<String> checks = new ArrayList<>();
    private String step = "check the command line";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return restore(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int restore(PrintWriter out, PrintWriter err) throws Exception {
        if (file == null && selection == null) {
            throw new IllegalArgumentException("say which backup: --backup ID, --latest or --at TIME, or --file ZIP");
        }
        if (file != null && selection != null) {
            throw new IllegalArgumentException("--file restores that file: no --backup, --latest or --at with it");
        }
        if (expectedSha256 != null && file == null) {
            throw new IllegalArgumentException("--sha256 goes with --file (a fetched backup is checked against the"
                    + " server's record)");
        }
        if (selection != null && selection.backupId != null && configName != null && !inPlace) {
            throw new IllegalArgumentException("--config goes with --latest, --at or --in-place, not --backup");
        }
        ClientApp app = client.app();
        Settings settings = app.settings();
        String configuration = configName != null ? configName : settings.string("backup.name", "main");
        MySqlTarget mysql = null;
        Path dir;
        if (inPlace) {
            mysql = app.mysqlTarget(configuration);
            dir = mysql.mysql().dataDirectory().toAbsolutePath().normalize();
            if (target != null && !target.toAbsolutePath().normalize().equals(dir)) {
                throw new IllegalArgumentException("--in-place restores into the data directory of '" + configuration
                        + "', " + dir + "; leave out --target or give that one");
            }
        } else {
            if (target == null) {
                throw new IllegalArgumentException("--target DIR is required (or --in-place)");
            }
            dir = target.toAbsolutePath().normalize();
            requireNotLive(app, settings, dir);
        }
        Ownership ownership = ownership(settings, dir, err);
        boolean replacing = inPlace || !DataDirectorySwap.missingOrEmpty(dir);
        if (replacing && !inPlace && !force) {
            err.println("restore: " + dir + " is not empty; --force moves what is there aside to " + dir.getFileName()
                    + ".before-restore-<time> (nothing is deleted)");
            return ExitCodes.USAGE;
        }
        if (replacing) {
            String cannot = DataDirectorySwap.cannotRename(dir);
            if (cannot != null) {
                err.println("restore: " + cannot);
                return ExitCodes.USAGE;
            }
        }
        ExtractionLimits limits = new ExtractionLimits(settings.integer("restore.max-entries",
                ExtractionLimits.DEFAULT_MAX_ENTRIES, 1, Integer.MAX_VALUE), ExtractionLimits.DEFAULT_MAX_BYTES);

        SchedulePauses.Pause pause = null;
        InstanceLock lock = null;
        try {
            if (inPlace) {
                step = "pause the schedules";
                SchedulePauses pauses = ScheduleBeans.pauses(settings);
                try {
                    pause = pauses.pause(configuration, "a restore in place of '" + configuration + "'");
                } catch (IllegalStateException e) {
                    err.println("restore: " + e.getMessage());
                    return ExitCodes.INSTANCE_BUSY;
                }
                out.println("Paused the schedules of '" + configuration + "' in the running daemon until this restore"
                        + " ends (" + pause.marker() + ")");
                step = "take the instance lock";
                try {
                    lock = InstanceLock.acquire(mysql.workDirectory(), dir);
                } catch (InstanceBusyException e) {
                    err.println("restore: refused: " + e.getMessage() + "; try again when it has ended");
                    return ExitCodes.INSTANCE_BUSY;
                }
            }
            return restore(out, err, app, settings, configuration, mysql, dir, ownership, replacing, limits);
        } finally {
            if (lock != null) {
                lock.close();
            }
            if (pause != null) {
                pause.close();
                out.println("Schedules of '" + configuration + "' resumed");
            }
        }
    }

    private int restore(PrintWriter out, PrintWriter err, ClientApp app, Settings settings, String configuration,
                        MySqlTarget mysql, Path dir, Ownership ownership, boolean replacing, ExtractionLimits limits)
            throws Exception {
        Source source;
        if (file != null) {
            step = "check the local file";
            Optional<Source> checked = localFile(err);
            if (checked.isEmpty()) {
                return ExitCodes.ARCHIVE_REFUSED;
            }
            source = checked.get();
        } else {
            step = "fetch";
            BackupSelector selector = FetchCommand.selector(selection, selection.backupId != null ? null
                    : inPlace ? configuration : configName);
            Path workDir = settings.path("snapshot.work-dir").resolve("restore");
            try {
                return app.withFetcher(fetcher -> {
                    try {
                        return fetchAndUnpack(fetcher, selector, workDir, out, err, settings, configuration, mysql,
                                dir, ownership, replacing, limits);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return unpackAndPlace(out, err, settings, configuration, mysql, dir, ownership, replacing, limits, source);
    }

    /**
     * Fetches and unpacks at once: the fetch runs on its own thread, the last chunk (the archive's
     * central directory and manifest) first, and the extractor writes each entry as soon as its
     * chunks are here and checked; the restored files go into place only after the whole file's
     * SHA-256 equals the server's record ({@link ArrivingZip}). A fetch that fails is reported as
     * the fetch's failure (a cut one resumes on the next run), a refused archive stops the fetch.
     */
    private int fetchAndUnpack(BackupFetcher fetcher, BackupSelector selector, Path workDir, PrintWriter out,
                               PrintWriter err, Settings settings, String configuration, MySqlTarget mysql, Path dir,
                               Ownership ownership, boolean replacing, ExtractionLimits limits) throws IOException {
        ExecutorService runner = Executors.newSingleThreadExecutor(job -> {
            Thread thread = new Thread(job, "restore-fetch");
            thread.setDaemon(true);
            return thread;
        });
        int code = ExitCodes.BACKUP_FAILED;
        Future<FetchedBackup> fetching = null;
        Long id = null;
        try (ArrivingFile arriving = new ArrivingFile(FETCH_STALL)) {
            fetching = runner.submit(() -> fetcher.fetch(selector, workDir, new FetchCommand.Printed(err), arriving));
            StoredBackupInfo info;
            try {
                info = arriving.info();
            } catch (IOException e) {
                return code = fetchFailed(err, fetching);
            }
            id = info.id();
            checks.add("every chunk's SHA-256 on arrival");
            checks.add("the whole file's SHA-256 " + info.sha256() + " equals the server's record (before the"
                    + " restored files went into place)");
            Source source = new Source(new ArrivingZip(arriving), fetching, "backup " + info.id()
                    + " of configuration '" + info.configName() + "' (taken " + info.createdAt() + ", "
                    + ByteSize.format(info.size()) + ", SHA-256 " + info.sha256() + ")");
            code = unpackAndPlace(out, err, settings, configuration, mysql, dir, ownership, replacing, limits, source);
            return code;
        } finally {
            finishFetch(fetching, code, workDir, id);
            runner.shutdownNow();
        }
    }

    /** The fetch's failure as the restore's: unreachable (run again: it resumes) or refused. */
    private int fetchFailed(PrintWriter err, Future<FetchedBackup> fetching) {
        step = "fetch";
        Throwable failure;
        try {
            fetching.get(FETCH_STALL.toMillis(), TimeUnit.MILLISECONDS);
            return failed(err, "the fetch ended without a verified file", ExitCodes.BACKUP_FAILED);
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (TimeoutException e) {
            failure = e;
        }
        if (failure instanceof ServerUnreachableException) {
            return failed(err, failure.getMessage() + " (run the same command again to go on; --file ZIP restores a"
                    + " local copy)", ExitCodes.USAGE);
        }
        return failed(err, String.valueOf(failure.getMessage()), ExitCodes.BACKUP_FAILED);
    }

    /**
     * Ends the fetch: the zip of a finished one is deleted (the restore is done with it); one still
     * running when the archive was refused is stopped and its part file deleted, since the archive
     * will not be restored; a cut one keeps its part file for the next run.
     */
    private static void finishFetch(Future<FetchedBackup> fetching, int code, Path workDir, Long id)
            throws IOException {
        if (fetching == null) {
            return;
        }
        boolean stopped = !fetching.isDone() && fetching.cancel(true);
        try {
            FetchedBackup fetched = fetching.get(FETCH_STALL.toMillis(), TimeUnit.MILLISECONDS);
            Files.deleteIfExists(fetched.zip());
        } catch (ExecutionException | CancellationException | TimeoutException e) {
            // reported already, or stopped on purpose
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (id != null && (stopped || code == ExitCodes.ARCHIVE_REFUSED)) {
            BackupFetcher.discard(workDir, id);
        }
    }

    private int unpackAndPlace(PrintWriter out, PrintWriter err, Settings settings, String configuration,
                               MySqlTarget mysql, Path dir, Ownership ownership, boolean replacing,
                               ExtractionLimits limits, Source source) throws IOException {
        Instant now = Instant.now();
        step = "unpack";
        Path into = replacing ? DataDirectorySwap.sibling(dir, "restore", now) : dir;
        Files.createDirectories(dir.getParent());
        ExtractedBackup extracted;
        ProgressView unpacked = ProgressView.of(Terminal.interactive(), err, new ProgressLine(err, "unpacked"));
        try {
            extracted = new ArchiveExtractor(limits, UNPACK_WRITERS).extract(source.archive(), into,
                    (done, total) -> unpacked.bytes("unpack", done, total));
        } catch (ArchiveRefusedException e) {
            return failed(err, e.getMessage() + "; nothing was written, " + dir + " is as it was",
                    ExitCodes.ARCHIVE_REFUSED);
        } catch (IOException e) {
            if (source.fetching() != null && source.archive().failure().isPresent()) {
                int code = fetchFailed(err, source.fetching());
                err.println("nothing was written, " + dir + " is as it was");
                return code;
            }
            return failed(err, e.getMessage() + "; nothing was written, " + dir + " is as it was",
                    ExitCodes.BACKUP_FAILED);
        }
        checks.add(extracted.entries() + " entries against the manifest before writing (names inside the target,"
                + " no links or devices, no duplicates, exactly the files it lists with their sizes), each one's size"
                + " and CRC-32 while writing, every file fsynced");
        String manifestConfig = extracted.manifest().configurationName();
        if (inPlace && manifestConfig != null && !manifestConfig.equals(configuration)) {
            out.println("Note: the backup was taken of configuration '" + manifestConfig + "' (host "
                    + extracted.manifest().hostName() + "), restored in place of '" + configuration + "'");
        }
        step = "set the owner";
        if (ownership != null) {
            try {
                ownership.apply(into);
            } catch (IOException | RuntimeException e) {
                if (replacing) {
                    ArchiveExtractor.remove(into);
                }
                return failed(err, "cannot give " + into + " to " + ownership + ": " + e.getMessage()
                        + (replacing ? "; the restored copy was removed, " + dir + " is as it was" : ""),
                        ExitCodes.BACKUP_FAILED);
            }
        }
        Path aside = replacing ? DataDirectorySwap.sibling(dir, "before-restore", now) : null;
        String mysqlLine = null;
        if (inPlace) {
            step = "swap the data directory of the running MySQL";
            InPlaceRestore swap = new InPlaceRestore(mysql, settings.integer("mysql.start.retries", 3, 0, 100),
                    settings.duration("mysql.start.retry-delay-ms", Duration.ofSeconds(2)),
                    settings.duration("guard.verify-wait-ms", Duration.ofMinutes(2)), line -> {
                        out.println(line);
                        out.flush();
                    });
            out.println("If this process is killed from here until MySQL answers, the old data directory is "
                    + aside + ": put it back with mv and start MySQL");
            try {
                InPlaceRestore.Result result = swap.swap(into, aside, DataDirectorySwap.sibling(dir, "failed-restore",
                        now));
                mysqlLine = "MySQL " + result.version() + " answers on it as the configured instance (down "
                        + result.downtime().toMillis() + " ms; " + result.stopSummary() + ")";
                checks.add("MySQL started on the restored data directory and answered as the configured instance");
            } catch (RestoreStepException e) {
                step = e.step();
                if (Files.exists(into)) {
                    ArchiveExtractor.remove(into);
                }
                return failed(err, e.getMessage(), e.mysqlRunning() ? ExitCodes.BACKUP_FAILED : ExitCodes.MYSQL_DOWN);
            }
        } else if (replacing) {
            step = "move the old contents aside";
            try {
                DataDirectorySwap.swapIn(into, dir, aside);
            } catch (IOException e) {
                ArchiveExtractor.remove(into);
                return failed(err, e.getMessage() + "; the restored copy was removed, " + dir + " is as it was",
                        ExitCodes.BACKUP_FAILED);
            }
        }
        out.println("Restored " + source.description() + " into " + dir);
        out.println("  entries: " + extracted.entries() + " (files and folders), " + ByteSize.format(extracted.bytes()));
        out.println("  manifest: " + ArchiveExtractor.manifestFileOf(dir));
        if (aside != null) {
            out.println("  previous contents: moved aside to " + aside);
        }
        out.println("  owner: " + (ownership == null ? "the restoring user (" + System.getProperty("user.name") + ")"
                : ownership.toString()) + ", modes as archived");
        if (mysqlLine != null) {
            out.println("  " + mysqlLine);
        }
        out.println("  checked:");
        checks.forEach(check -> out.println("    - " + check));
        if (!inPlace) {
            out.println("  a throwaway server on it (README, Restoring a backup): mariadbd --no-defaults --datadir="
                    + dir + " --user=" + (ownership == null ? System.getProperty("user.name") : ownership.user())
                    + " --skip-networking --skip-grant-tables --socket=<its own socket> --pid-file=... --log-error=...");
        }
        return ExitCodes.OK;
    }

    /** The local file, its SHA-256 computed and compared when there is something to compare with. */
    private Optional<Source> localFile(PrintWriter err) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--file " + file + " is not a file");
        }
        String expected = expectedSha256;
        String from = "--sha256";
        Path sidecar = file.resolveSibling(file.getFileName() + ".sha256");
        if (expected == null && Files.isRegularFile(sidecar)) {
            String text = Files.readString(sidecar, StandardCharsets.UTF_8).strip();
            expected = text.isEmpty() ? null : text.split("\\s+")[0];
            from = sidecar.toString();
        }
        String actual = sha256(file, ProgressView.of(Terminal.interactive(), err, new ProgressLine(err, "hashed")));
        if (expected != null && !expected.equalsIgnoreCase(actual)) {
            failed(err, file + " has SHA-256 " + actual + " but " + from + " says " + expected.toLowerCase(Locale.ROOT)
                    + ": the file is damaged or not that backup; nothing was written", ExitCodes.ARCHIVE_REFUSED);
            return Optional.empty();
        }
        checks.add(expected == null ? "the whole file's SHA-256 is " + actual + " (not compared: no --sha256 and no "
                + sidecar.getFileName() + " beside it)" : "the whole file's SHA-256 " + actual + " equals " + from);
        return Optional.of(new Source(ZipSource.of(file), null, "local file " + file.toAbsolutePath() + " (SHA-256 "
                + actual + ")"));
    }

    private static String sha256(Path zip, ProgressView progress) throws IOException {
        long total = Files.size(zip);
        return Digests.sha256Hex(zip, done -> progress.bytes("hash", done, total));
    }

    /**
     * The owner to give the files; null to keep them as written. An owner that cannot be given is
     * a usage error (exit 2, nothing touched) when asked for with --owner or in place; restore.owner
     * for a new folder only warns.
     */
    private Ownership ownership(Settings settings, Path dir, PrintWriter err) {
        boolean asked = owner != null;
        Ownership wanted = Ownership.parse(asked ? owner : settings.string("restore.owner", ""));
        if (wanted == null) {
            return null;
        }
        Optional<String> problem = wanted.problem(dir.getFileSystem().getPath("/"));
        if (problem.isEmpty()) {
            return wanted;
        }
        if (asked || inPlace) {
            throw new IllegalArgumentException("cannot give the restored files to " + wanted + ": " + problem.get()
                    + (asked ? "" : " (restore.owner; --owner none keeps the restoring user)"));
        }
        err.println("restore: warning: the files keep the restoring user as owner, not restore.owner " + wanted + ": "
                + problem.get());
        return null;
    }

    /** A restore into the live data directory without --in-place would pull the files from under MySQL. */
    private void requireNotLive(ClientApp app, Settings settings, Path dir) {
        List<Path> live = new ArrayList<>();
        settings.optionalPath("mysql.datadir").ifPresent(live::add);
        if (configName != null) {
            live.add(app.mysqlTarget(configName).mysql().dataDirectory());
        }
        for (Path datadir : live) {
            if (datadir.toAbsolutePath().normalize().equals(dir)) {
                throw new IllegalArgumentException(dir + " is the data directory of a configured MySQL: use --in-place,"
                        + " which stops it first");
            }
        }
    }

    private int failed(PrintWriter err, String reason, int code) {
        err.println("restore failed at step '" + step + "': " + reason);
        err.flush();
        return code;
    }

    /** The archive to unpack: arriving from the fetch (null when it is the operator's own file) or a local file. */
    private record Source(ZipSource archive, Future<FetchedBackup> fetching, String description) {
    }
}
