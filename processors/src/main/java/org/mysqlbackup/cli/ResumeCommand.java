package org.mysqlbackup.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.Callable;
import org.mysqlbackup.client.BackupSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE resume}: ships every backup whose file is still waiting
 * (a failed or interrupted transfer, or a snapshot kept when MySQL did not come back), resuming
 * each transfer where it stopped. One JSON summary line per backup.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Ship every backup still waiting on this host, resuming interrupted transfers; exit 0 if all arrived.")
public class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<BackupSummary> summaries = client.app(spec.commandLine().getErr()).resumeNow();
        ObjectMapper json = new ObjectMapper();
        int exit = ExitCodes.OK;
        for (BackupSummary summary : summaries) {
            spec.commandLine().getOut().println(json.writeValueAsString(summary));
            if (!"Completed".equals(summary.status())) {
                spec.commandLine().getErr().println("backup " + summary.backupId() + " not shipped: " + summary.error());
                exit = ExitCodes.BACKUP_FAILED;
            }
        }
        if (summaries.isEmpty()) {
            spec.commandLine().getErr().println("nothing to resume");
        }
        spec.commandLine().getOut().flush();
        return exit;
    }
}
