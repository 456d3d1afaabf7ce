package org.mysqlbackup.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.client.guard.RestartWatchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code backup-client --config FILE watchdog --backup N}: the restart watchdog of one backup,
 * started by that backup's process, never by hand. It reads the client's overrides from its
 * standard input, then waits there; if the backup's process ends before releasing it, it starts
 * MySQL again if the backup had stopped it and closes the backup ({@code recover}, for this backup).
 */
@Command(name = "watchdog", hidden = true, description = "The restart watchdog of one backup (started by it).")
public class WatchdogCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WatchdogCommand.class);

    @ParentCommand
    ClientCommand client;

    @Option(names = "--backup", required = true, description = "The backup watched.")
    long backupId;

    @Override
    public Integer call() throws Exception {
        Map<String, String> properties = RestartWatchdog.readProperties(System.in);
        if (RestartWatchdog.await(System.in) == RestartWatchdog.Ending.RELEASED) {
            return ExitCodes.OK;
        }
        LOG.warn("Restart watchdog: the process of backup {} ended before MySQL was seen back; taking over",
                backupId);
        boolean mysqlDown = false;
        for (var finding : new ClientApp(client.options.requireConfig(), properties).recoverBackup(backupId)) {
            LOG.warn("Restart watchdog: {}", finding.message());
            mysqlDown |= finding.mysqlDown();
        }
        return mysqlDown ? ExitCodes.MYSQL_DOWN : ExitCodes.OK;
    }
}
