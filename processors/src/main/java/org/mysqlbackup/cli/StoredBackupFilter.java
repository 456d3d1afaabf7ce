package org.mysqlbackup.cli;

import picocli.CommandLine.Option;

/** {@code --client C --config N}: which stored backups a server command looks at (picocli mixin). */
public class StoredBackupFilter {
    @Option(names = "--client", paramLabel = "CLIENT", description = "Only this client's backups (certificate CN).")
    String clientId;

    @Option(names = {"--config", "--configuration"}, paramLabel = "NAME",
            description = "Only this backup configuration's backups.")
    String configName;
}
