package org.mysqlbackup.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} of every command: this build's version (the jar manifest's
 * Implementation-Version, from the pom), and the Camel and Java it runs on.
 */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"mysql-backup " + orUnknown(MysqlBackupCommand.class.getPackage().getImplementationVersion())
                + " (Camel " + orUnknown(org.apache.camel.CamelContext.class.getPackage().getImplementationVersion())
                + ", Java " + Runtime.version() + ")"};
    }

    private static String orUnknown(String version) {
        return version == null ? "(version unknown: not run from the built jar)" : version;
    }
}
