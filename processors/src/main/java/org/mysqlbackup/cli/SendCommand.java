package org.mysqlbackup.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mysqlbackup.client.BackupSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backup-client --config FILE send ZIP}: ships an existing file to the server; the file is kept. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Ship an existing file (e.g. a snapshot kept when MySQL did not come back) to the server.")
public class SendCommand implements Callable<Integer> {
    @ParentCommand
    ClientCommand client;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The file to ship.")
    Path file;

    @Option(names = "--name", description = "Configuration name to file it under (default: backup.name).")
    String name;

    @Override
    public Integer call() throws Exception {
        BackupSummary summary = client.app(spec.commandLine().getErr()).sendNow(file, name);
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(summary));
        spec.commandLine().getOut().flush();
        if ("Completed".equals(summary.status())) {
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println("send failed: " + summary.error());
        return ExitCodes.BACKUP_FAILED;
    }
}
