package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.config.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE status}: what runs now (step, bytes confirmed, rate, ETA, as
 * the running client records them every few seconds), what waits to be shipped, and the last
 * backups. Reads the client database only; safe while a backup runs.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show running backups with their progress, backups waiting to be shipped, and recent ones.")
public class StatusCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Option(names = "--recent", defaultValue = "5", description = "How many recent backups to list.")
    int recent;

    @Override
    public Integer call() {
        BackupLogStore store = client.app().logStore();
        PrintWriter out = spec.commandLine().getOut();
        List<BackupLogRow> unfinished = store.unfinished();
        List<BackupLogRow> running = unfinished.stream().filter(row -> !row.isDead()).toList();
        List<BackupLogRow> dead = unfinished.stream().filter(BackupLogRow::isDead).toList();
        out.println(running.isEmpty() ? "No backup is running." : "Running:");
        running.forEach(row -> out.println("  " + progressLine(row)));
        if (!dead.isEmpty()) {
            out.println("Interrupted: their client process ended (backup-client recover closes them, and starts MySQL"
                    + " if one of them left it stopped; so does the daemon when it starts):");
            dead.forEach(row -> out.println("  backup " + row.id() + " '" + row.configName() + "' ended during "
                    + row.step()));
        }
        List<BackupLogRow> waiting = store.resumable();
        if (!waiting.isEmpty()) {
            out.println("Waiting to be shipped (backup-client resume):");
            waiting.forEach(row -> out.println("  backup " + row.id() + " '" + row.configName() + "' " + row.localFile()
                    + " (" + ByteSize.format(row.fileSize()) + ", " + percent(row) + " on the server)"));
        }
        out.println("Recent:");
        for (BackupLogRow row : store.recent(recent).stream().map(BackupLogRow::asSeenNow).toList()) {
            out.println("  backup " + row.id() + " '" + row.configName() + "' " + row.startTime() + " " + row.status()
                    + (row.fileSize() == null ? "" : " " + ByteSize.format(row.fileSize()))
                    + (row.downtimeMs() == null ? "" : ", MySQL down " + row.downtimeMs() + " ms")
                    + (row.errorMessage() == null ? "" : ", at " + row.step() + ": " + row.errorMessage()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String progressLine(BackupLogRow row) {
        StringBuilder line = new StringBuilder("backup " + row.id() + " '" + row.configName() + "' " + row.status()
                + " (" + row.step() + ")");
        if (row.fileSize() != null && row.bytesTransferred() != null) {
            line.append(": ").append(percent(row)).append(", ").append(ByteSize.format(row.bytesTransferred()))
                    .append(" of ").append(ByteSize.format(row.fileSize()));
            long rate = row.transferRate() == null ? 0 : row.transferRate();
            if (rate > 0) {
                line.append(", ").append(ByteSize.format(rate)).append("/s, ETA ")
                        .append((row.fileSize() - row.bytesTransferred()) / rate).append(" s");
            }
        }
        if (row.updatedAt() != null) {
            line.append(", updated ").append(Duration.between(Instant.parse(row.updatedAt()), Instant.now()).toSeconds())
                    .append(" s ago");
        }
        return line.toString();
    }

    private static String percent(BackupLogRow row) {
        if (row.fileSize() == null || row.bytesTransferred() == null) {
            return "0%";
        }
        return String.format(Locale.ROOT, "%.1f%%", row.fileSize() == 0 ? 100.0 : 100.0 * row.bytesTransferred() / row.fileSize());
    }
}
