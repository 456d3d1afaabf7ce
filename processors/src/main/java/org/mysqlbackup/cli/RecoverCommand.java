package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.mysqlbackup.client.guard.DeadRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backup-client --config FILE recover}: what the restart guard does, by hand (and what the
 * boot-time unit runs). For every backup whose process has ended with MySQL stopped it starts MySQL
 * again, and it closes every backup left unfinished by a process that has ended. Says what it found
 * and did, one line each.
 */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Start MySQL that an interrupted backup left stopped, and close backups whose process ended."
                + " Exit 0: nothing to do, or MySQL runs; 3: MySQL could not be started (act now).")
public class RecoverCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<DeadRuns.Finding> findings = client.app().recover();
        PrintWriter out = spec.commandLine().getOut();
        if (findings.isEmpty()) {
            out.println("nothing to do: no backup left MySQL stopped, and no backup of an ended process is open");
        }
        findings.forEach(finding -> out.println(finding.message()));
        out.flush();
        return findings.stream().anyMatch(DeadRuns.Finding::mysqlDown) ? ExitCodes.MYSQL_DOWN : ExitCodes.OK;
    }
}
