package org.mysqlbackup.mysql;

/** The step of {@link ServiceStopSequence} after which MySQL was proven down. */
public enum StopStage {
    /** The stop command, with the first timeout. */
    GRACEFUL("stop command"),
    /** The stop command again, with the escalated timeout. */
    ESCALATED("second stop command with longer timeouts"),
    /** SIGTERM to the process from the pid file: for mysqld a normal shutdown. */
    TERMINATED("SIGTERM to the MySQL process"),
    /** SIGKILL: the data directory is crash-consistent and InnoDB recovers on the next start. */
    KILLED("SIGKILL to the MySQL process");

    private final String description;

    StopStage(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
