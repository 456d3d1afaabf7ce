package org.mysqlbackup.client.guard;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.mysqlbackup.client.run.RunOwner;
import org.mysqlbackup.mysql.MySqlInstance;

/**
 * "Backup N stopped instance X at T; start it with C": written, durably, before the stop command
 * runs, and removed only once MySQL answers again as that instance. Whatever ends the process in
 * between, a guard that finds this record (its watchdog, the daemon when it starts, {@code
 * backup-client recover}) starts the instance again. Without such a record no guard starts
 * anything: a MySQL an operator stopped is theirs.
 *
 * <p>The file holds no secret: the guard rebuilds the instance's settings (and password) from the
 * client's configuration, and checks they still name this instance.
 *
 * @param backupId         the {@code BackupLogs} row of the backup
 * @param configName       its configuration
 * @param ownerPid         the process that ran the backup
 * @param ownerStartedAt   when that process started (pids are reused), UTC, or null
 * @param host             where the instance answers
 * @param port             its port
 * @param dataDirectory    its data directory
 * @param pidFile          its pid file, or null
 * @param service          how it is started, e.g. {@code systemd unit mariadb}
 * @param stopRequestedAt  when the stop command was about to run
 * @param provenDownAt     when MySQL was proven down; null while the stop had not been proven
 * @param startRequestedAt when the start command first ran; null before
 * @param commandPid       the stop or start command last run, if it is a process: it lives on if the backup's
 *                         process dies, and a guard waits for it to end before it decides anything
 * @param commandStartedAt when that command's process started (pids are reused)
 * @param givenUpAt        when the backup gave up waiting for MySQL to answer again (its restart failed);
 *                         whatever changes the data directory after that is not the backup's doing
 */
public record RestartIntent(long backupId, String configName, long ownerPid, String ownerStartedAt, String host,
                            int port, String dataDirectory, String pidFile, String service, String stopRequestedAt,
                            String provenDownAt, String startRequestedAt, Long commandPid, String commandStartedAt,
                            String givenUpAt) {

    /** Before the stop command of backup {@code backupId} of {@code configName}. */
    public static RestartIntent beforeStop(long backupId, String configName, RunOwner owner, MySqlInstance mysql,
                                           String service, Instant at) {
        return new RestartIntent(backupId, configName, owner.pid(),
                owner.startedAt() == null ? null : owner.startedAt().toString(), mysql.host(), mysql.port(),
                mysql.dataDirectory().toString(), mysql.pidFile() == null ? null : mysql.pidFile().toString(), service,
                at.toString(), null, null, null, null, null);
    }

    public RestartIntent provenDown(Instant at) {
        return new RestartIntent(backupId, configName, ownerPid, ownerStartedAt, host, port, dataDirectory, pidFile,
                service, stopRequestedAt, at.toString(), startRequestedAt, commandPid, commandStartedAt, givenUpAt);
    }

    public RestartIntent startRequested(Instant at) {
        return startRequestedAt != null ? this : new RestartIntent(backupId, configName, ownerPid, ownerStartedAt,
                host, port, dataDirectory, pidFile, service, stopRequestedAt, provenDownAt, at.toString(), commandPid,
                commandStartedAt, givenUpAt);
    }

    /** The stop or start command now runs as {@code command}. */
    public RestartIntent commandRunning(RunOwner command) {
        return new RestartIntent(backupId, configName, ownerPid, ownerStartedAt, host, port, dataDirectory, pidFile,
                service, stopRequestedAt, provenDownAt, startRequestedAt, command.pid(),
                command.startedAt() == null ? null : command.startedAt().toString(), givenUpAt);
    }

    /** The backup gave up waiting for MySQL (its restart failed) and ended: the rest is a guard's. */
    public RestartIntent givenUp(Instant at) {
        return new RestartIntent(backupId, configName, ownerPid, ownerStartedAt, host, port, dataDirectory, pidFile,
                service, stopRequestedAt, provenDownAt, startRequestedAt, commandPid, commandStartedAt, at.toString());
    }

    @JsonIgnore
    public Optional<Instant> gaveUpAt() {
        return Optional.ofNullable(givenUpAt).map(Instant::parse);
    }

    /** The process of the stop or start command last run, if one was recorded. */
    @JsonIgnore
    public Optional<RunOwner> command() {
        return RunOwner.of(commandPid, commandStartedAt == null ? null : Instant.parse(commandStartedAt));
    }

    @JsonIgnore
    public RunOwner owner() {
        return new RunOwner(ownerPid, ownerStartedAt == null ? null : Instant.parse(ownerStartedAt));
    }

    @JsonIgnore
    public Instant stoppedAt() {
        return Instant.parse(stopRequestedAt);
    }

    @JsonIgnore
    public Optional<Instant> downSince() {
        return Optional.ofNullable(provenDownAt).map(Instant::parse);
    }

    @JsonIgnore
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startRequestedAt).map(Instant::parse);
    }

    /** Whether {@code mysql} is the instance this intent is about (same data directory, pid file and port). */
    public boolean isAbout(MySqlInstance mysql) {
        return port == mysql.port()
                && Path.of(dataDirectory).toAbsolutePath().normalize()
                        .equals(mysql.dataDirectory().toAbsolutePath().normalize())
                && (pidFile == null ? mysql.pidFile() == null
                        : mysql.pidFile() != null && Path.of(pidFile).toAbsolutePath().normalize()
                                .equals(mysql.pidFile().toAbsolutePath().normalize()));
    }

    /** The instance as a reader knows it: {@code 127.0.0.1:3306 (/var/lib/mysql)}. */
    public String describeInstance() {
        return host + ":" + port + " (" + dataDirectory + ")";
    }
}
