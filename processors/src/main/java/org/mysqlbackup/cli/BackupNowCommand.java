package org.mysqlbackup.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.client.ClientApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE backup-now}: one backup, then exit. The last stdout line is
 * the JSON summary; on failure stderr gets one line saying which step failed and why.
 */
@Command(name = "backup-now", mixinStandardHelpOptions = true,
        description = "Run one backup (of CONFIG) now and exit: 0 on success, 1 if it failed (MySQL running), 3 if MySQL is down,"
                + " 4 if it was cancelled.")
public class BackupNowCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "CONFIG",
            description = "Stored configuration to back up (config list); default: backup.name of the properties file.")
    String configName;

    @Override
    public Integer call() throws Exception {
        ClientApp app = client.app(spec.commandLine().getErr());
        BackupSummary summary = configName == null ? app.backupNow() : app.backupNow(configName);
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(summary));
        spec.commandLine().getOut().flush();
        if ("Completed".equals(summary.status())) {
            return ExitCodes.OK;
        }
        String where = summary.step() == null ? "" : " at " + summary.step();
        spec.commandLine().getErr().println("backup " + summary.status().toLowerCase(java.util.Locale.ROOT) + where + ": "
                + summary.error()
                + (Boolean.FALSE.equals(summary.mysqlRunning()) ? " -- MYSQL IS NOT RUNNING" : ""));
        if (Boolean.FALSE.equals(summary.mysqlRunning())) {
            return ExitCodes.MYSQL_DOWN;
        }
        return "Cancelled".equals(summary.status()) ? ExitCodes.CANCELLED : ExitCodes.BACKUP_FAILED;
    }
}
