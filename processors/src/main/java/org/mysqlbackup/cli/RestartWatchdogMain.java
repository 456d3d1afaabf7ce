package org.mysqlbackup.cli;

import java.nio.file.Path;
import java.util.Map;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.client.guard.DeadRuns;
import org.mysqlbackup.client.guard.RestartWatchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart watchdog of one backup: {@code RestartWatchdogMain --config FILE --backup N}, started
 * by that backup's process ({@link org.mysqlbackup.client.guard.WatchdogLauncher}), never by hand.
 * It reads the client's overrides from its standard input, then waits there; if the backup's
 * process ends before releasing it, it does what {@code backup-client recover} does, for that
 * backup: starts MySQL again if the backup had stopped it, and closes the backup.
 *
 * <p>A plain main, not a picocli command: until it is needed it loads next to nothing (no command
 * line framework, no logging, no Camel), so its start costs a tenth of a CPU second, not one,
 * while the backup it watches stops MySQL.
 */
public final class RestartWatchdogMain {
    private RestartWatchdogMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        long backupId = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[i + 1]);
                case "--backup" -> backupId = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (config == null || backupId < 0) {
            throw new IllegalArgumentException("usage: RestartWatchdogMain --config FILE --backup N");
        }
        Map<String, String> properties = RestartWatchdog.readProperties(System.in);
        if (RestartWatchdog.await(System.in) == RestartWatchdog.Ending.RELEASED) {
            System.exit(ExitCodes.OK);
        }
        System.exit(takeOver(config, properties, backupId));
    }

    private static int takeOver(Path config, Map<String, String> properties, long backupId) throws Exception {
        Logger log = LoggerFactory.getLogger(RestartWatchdogMain.class);
        log.warn("Restart watchdog: the process of backup {} ended before MySQL was seen back; taking over", backupId);
        boolean mysqlDown = false;
        for (DeadRuns.Finding finding : new ClientApp(config, properties).recoverBackup(backupId)) {
            log.warn("Restart watchdog: {}", finding.message());
            mysqlDown |= finding.mysqlDown();
        }
        return mysqlDown ? ExitCodes.MYSQL_DOWN : ExitCodes.OK;
    }
}
