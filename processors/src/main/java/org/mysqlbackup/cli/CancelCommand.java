package org.mysqlbackup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE cancel [--id N]}: asks the process running a backup to cancel
 * it. The backup stops at its next checkpoint (within seconds), MySQL is started again if it was
 * stopped, temporary files are removed and the backup is logged Cancelled.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a running backup (all running ones without --id); MySQL is started again if stopped.")
public class CancelCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Option(names = "--id", description = "The backup to cancel (see status).")
    Long id;

    @Option(names = "--reason", defaultValue = "cancelled by an operator", description = "Recorded with the backup.")
    String reason;

    @Override
    public Integer call() {
        int asked = client.app().logStore().requestCancel(id, reason);
        if (asked == 0) {
            spec.commandLine().getErr().println(id == null ? "no backup is running" : "backup " + id + " is not running");
            return ExitCodes.BACKUP_FAILED;
        }
        spec.commandLine().getOut().println("asked " + asked + " running backup(s) to cancel; see status");
        return ExitCodes.OK;
    }
}
