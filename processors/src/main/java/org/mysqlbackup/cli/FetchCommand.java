package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.fetch.BackupSelector;
import org.mysqlbackup.fetch.FetchException;
import org.mysqlbackup.fetch.FetchProgress;
import org.mysqlbackup.fetch.FetchedBackup;
import org.mysqlbackup.fetch.ServerUnreachableException;
import org.mysqlbackup.report.DateArgument;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE fetch (--backup ID | --latest | --at TIME) [--config NAME]
 * --output DIR}: downloads one of this client's stored backups into DIR as {@code fetch-<id>.zip},
 * every chunk and the whole file checked against their SHA-256; a fetch cut in the middle goes on
 * where it stopped when run again with the same selection and folder.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Download one of this client's stored backups from the server (checked, resumable).")
public class FetchCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    static class Selection {
        @Option(names = "--backup", paramLabel = "ID", description = "The backup with this id (see list).")
        Long backupId;

        @Option(names = "--latest", description = "The newest stored backup.")
        boolean latest;

        @Option(names = "--at", paramLabel = "DATE|TIME",
                description = "The newest backup taken at or before this (2026-11-01 = the end of that day, UTC).")
        String at;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Option(names = {"--config", "--configuration"}, paramLabel = "NAME",
            description = "With --latest or --at: of this configuration (default: any).")
    String configName;

    @Option(names = "--output", paramLabel = "DIR", required = true,
            description = "Folder to download into; the part file and its resume record stay there until done.")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BackupSelector selector = selector();
        FetchedBackup fetched;
        try {
            fetched = client.app().withFetcher(fetcher -> fetcher.fetch(selector, output, new Printed(err)));
        } catch (ServerUnreachableException e) {
            err.println("fetch: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } catch (FetchException e) {
            err.println("fetch: " + e.getMessage());
            err.flush();
            return ExitCodes.BACKUP_FAILED;
        }
        out.println("Fetched backup " + fetched.info().id() + " (" + fetched.info().configName() + ", "
                + fetched.info().createdAt() + ", " + ByteSize.format(fetched.info().size()) + ", SHA-256 "
                + fetched.info().sha256() + ")");
        out.println(fetched.zip().toAbsolutePath());
        out.flush();
        return ExitCodes.OK;
    }

    private BackupSelector selector() {
        return selector(selection, configName);
    }

    /** The backup a --backup, --latest or --at selection (with --config NAME) names. */
    static BackupSelector selector(Selection selection, String configName) {
        if (selection.backupId != null) {
            if (configName != null) {
                throw new IllegalArgumentException("--config goes with --latest or --at, not --backup");
            }
            return BackupSelector.byId(selection.backupId);
        }
        if (selection.at != null) {
            Instant at = selection.at.strip().length() == 10
                    ? DateArgument.end("--at", selection.at).minusMillis(1) : DateArgument.start("--at", selection.at);
            return BackupSelector.at(configName, at);
        }
        return BackupSelector.latest(configName);
    }

    /** Bytes, rate and time left on stderr: a bar on a terminal, else a line at most once a second and at the end. */
    static final class Printed implements FetchProgress {
        private final ProgressView view;

        Printed(PrintWriter err) {
            view = ProgressView.of(Terminal.interactive(), err, new ProgressLine(err, "fetched"));
        }

        @Override
        public void bytes(long done, long total) {
            view.bytes("fetch", done, total);
        }
    }
}
