package org.mysqlbackup.mysql;

/** What the service manager says about MySQL; advice for logs and messages, never proof. */
public enum ServiceState {
    RUNNING,
    STOPPED,
    /** No status command is configured, or its answer means neither running nor stopped. */
    UNKNOWN;

    /** LSB init-script status codes, which {@code systemctl is-active} follows too: 0 running, 1-3 not running. */
    static ServiceState fromLsbExitCode(int exitCode) {
        if (exitCode == 0) {
            return RUNNING;
        }
        return exitCode >= 1 && exitCode <= 3 ? STOPPED : UNKNOWN;
    }
}
