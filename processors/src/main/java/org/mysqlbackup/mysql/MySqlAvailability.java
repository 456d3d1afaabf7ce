package org.mysqlbackup.mysql;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Asks MySQL {@code SELECT 1} over JDBC, the only proof that it serves clients, and checks that the
 * server answering is the configured instance: its {@code @@datadir}, {@code @@pid_file} and
 * {@code @@port}, and the process its pid file names running in that data directory. Two instances
 * on one host differ in all of these; a configuration pointing at the other one's port would
 * otherwise have its checks answered by the wrong server.
 */
public class MySqlAvailability {
    private final MySqlInstance instance;
    private final Duration timeout;

    public MySqlAvailability(MySqlInstance instance, Duration timeout) {
        this.instance = instance;
        this.timeout = timeout;
    }

    /**
     * @return the server version
     * @throws InstanceMismatchException  if the server answering is another instance, naming what differs
     * @throws MySqlUnavailableException if MySQL does not answer within the timeout
     */
    public String verify() {
        ServerIdentity identity = identity();
        List<String> differences = differences(identity);
        if (!differences.isEmpty()) {
            throw new InstanceMismatchException("the server answering on " + instance.host() + ":" + instance.port()
                    + " is not the configured instance: " + String.join("; ", differences));
        }
        return identity.version();
    }

    /** What the server on the configured host and port says it is, unchecked. */
    public ServerIdentity identity() {
        try (Connection c = DriverManager.getConnection(instance.jdbcUrl((int) timeout.toMillis()),
                instance.user(), instance.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1, VERSION(), @@datadir, @@pid_file, @@port")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new MySqlUnavailableException("MySQL at " + instance.host() + ":" + instance.port()
                        + " answered SELECT 1 with something else");
            }
            Path datadir = path(rs.getString(3), null);
            return new ServerIdentity(rs.getString(2), datadir, path(rs.getString(4), datadir), rs.getInt(5));
        } catch (SQLException e) {
            throw new MySqlUnavailableException("MySQL at " + instance.host() + ":" + instance.port()
                    + " does not answer: " + e.getMessage(), e);
        }
    }

    /** How {@code identity} differs from the configured instance; empty when it is the one. */
    public List<String> differences(ServerIdentity identity) {
        List<String> differences = new ArrayList<>();
        Path datadir = instance.dataDirectory();
        if (datadir != null && identity.dataDirectory() != null
                && !LocalProcesses.canonical(datadir).equals(LocalProcesses.canonical(identity.dataDirectory()))) {
            differences.add("its data directory is " + identity.dataDirectory() + " (mysql.datadir is " + datadir + ")");
        }
        Path pidFile = instance.pidFile();
        if (pidFile != null && identity.pidFile() != null
                && !LocalProcesses.canonical(pidFile).equals(LocalProcesses.canonical(identity.pidFile()))) {
            differences.add("its pid file is " + identity.pidFile() + " (mysql.pid-file is " + pidFile + ")");
        }
        if (identity.port() != instance.port()) {
            differences.add("it listens on port " + identity.port() + " (mysql.port is " + instance.port() + ")");
        }
        pidFileProcessProblem().ifPresent(differences::add);
        return differences;
    }

    /**
     * The process the configured pid file names must run, in the configured data directory (a
     * server's working directory is its data directory). Not checked where {@code /proc} does not
     * tell (another user's process, not Linux), nor without a pid file (the pre-flight says so).
     */
    private Optional<String> pidFileProcessProblem() {
        if (instance.pidFile() == null || instance.dataDirectory() == null) {
            return Optional.empty();
        }
        OptionalLong pid = PidFiles.read(instance.pidFile());
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        long p = pid.getAsLong();
        if (!LocalProcesses.running(p)) {
            return Optional.of("the pid file " + instance.pidFile() + " names process " + p + ", which is not running");
        }
        Path datadir = LocalProcesses.canonical(instance.dataDirectory());
        return LocalProcesses.workingDirectory(p).filter(cwd -> !cwd.equals(datadir))
                .map(cwd -> "process " + p + " of the pid file " + instance.pidFile() + " runs in " + cwd
                        + ", not in the data directory " + datadir);
    }

    public MySqlInstance instance() {
        return instance;
    }

    private static Path path(String value, Path base) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Path path = Path.of(value);
            return base != null && !path.isAbsolute() ? base.resolve(path) : path;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
