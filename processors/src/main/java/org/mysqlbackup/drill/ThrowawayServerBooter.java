package org.mysqlbackup.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.snapshot.BackupManifest;

/**
 * Boots {@link ThrowawayServer}s with this host's server binary, refusing a backup of another
 * release line (flavour and major.minor) than the binary's: a newer server upgrades the files in
 * place and an older one may not read them, and neither proves the backup restores where it came from.
 */
public final class ThrowawayServerBooter implements ServerBooter {
    private final ServerBinary binary;
    private final CommandRunner runner;
    private final String user;
    private final List<String> extraOptions;
    private final Duration bootTimeout;
    private final Duration stopTimeout;
    private final Duration queryTimeout;
    private ServerVersion version;

    /**
     * @param user         {@code --user} for the server, or null for none (when not running as root)
     * @param extraOptions options added to the server's command line ({@code drill.server-options})
     */
    public ThrowawayServerBooter(ServerBinary binary, CommandRunner runner, String user, List<String> extraOptions,
                                 Duration bootTimeout, Duration stopTimeout, Duration queryTimeout) {
        this.binary = binary;
        this.runner = runner;
        this.user = user;
        this.extraOptions = List.copyOf(extraOptions);
        this.bootTimeout = bootTimeout;
        this.stopTimeout = stopTimeout;
        this.queryTimeout = queryTimeout;
    }

    @Override
    public void check(BackupManifest manifest) {
        ServerVersion local = version();
        String recorded = manifest.serverVersion();
        ServerVersion backup = ServerVersion.parse(recorded).orElseThrow(() -> new DrillNotPossibleException(
                "the backup's manifest records no server version" + (recorded == null ? "" : " ('" + recorded + "')")
                        + ", so it is not known which server can boot it; restore it by hand with the server it came from"));
        if (!backup.sameLine(local)) {
            throw new DrillNotPossibleException("the backup was taken on " + backup + " (" + recorded + ") but "
                    + binary.path() + " is " + local + ": a drill boots the backup on the same major.minor version;"
                    + " install that version or point drill.server-binary at one");
        }
    }

    @Override
    public RunningServer boot(Path dataDirectory, Path scratch) throws BootFailedException {
        return ThrowawayServer.boot(binary, dataDirectory, scratch, user, extraOptions, bootTimeout, stopTimeout,
                queryTimeout);
    }

    private synchronized ServerVersion version() {
        if (version == null) {
            version = binary.version(runner);
        }
        return version;
    }
}
