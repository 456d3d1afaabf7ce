package org.mysqlbackup.mysql;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Proves that MySQL is down before a single data file is read: its process is gone, its pid file
 * is gone and its port refuses connections. A stop command returning 0 is not proof: a SysV
 * script may return before the server has flushed, and a wrong unit name "stops" nothing.
 */
public class MySqlDownProof {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private final MySqlInstance instance;
    private final Duration timeout;

    public MySqlDownProof(MySqlInstance instance, Duration timeout) {
        this.instance = instance;
        this.timeout = timeout;
    }

    /** The pid MySQL runs as now, read from its pid file; empty if there is no pid file. */
    public OptionalLong currentPid() {
        return PidFiles.read(instance.pidFile());
    }

    /**
     * Waits until every sign of a running server is gone.
     *
     * @param pid the pid read before the stop, if there was one
     * @throws MySqlStillRunningException naming the signs still present when the timeout ends
     */
    public void awaitDown(Optional<Long> pid) {
        awaitDown(pid, timeout);
    }

    /**
     * Like {@link #awaitDown(Optional)} with another timeout, for a stop that escalates.
     *
     * @throws MySqlStillRunningException naming the signs still present when {@code timeout} ends
     */
    public void awaitDown(Optional<Long> pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> running = signsOfLife(pid);
        while (!running.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                throw new MySqlStillRunningException("MySQL is still running " + Durations.describe(timeout)
                        + " after the stop command: " + String.join("; ", running));
            }
            sleep();
            running = signsOfLife(pid);
        }
    }

    /** How long {@link #awaitDown(Optional)} waits. */
    public Duration timeout() {
        return timeout;
    }

    public MySqlInstance instance() {
        return instance;
    }

    /** What still shows MySQL running; empty when it is down. */
    public List<String> signsOfLife(Optional<Long> pid) {
        List<String> signs = new ArrayList<>();
        pid.filter(MySqlDownProof::running).ifPresent(p -> signs.add("process " + p + " is alive"));
        if (instance.pidFile() != null && Files.exists(instance.pidFile())) {
            signs.add("pid file " + instance.pidFile() + " exists");
        }
        if (portOpen()) {
            signs.add("port " + instance.host() + ":" + instance.port() + " accepts connections");
        }
        return signs;
    }

    /**
     * Alive and not a zombie: a zombie has exited and released every file; only its parent has
     * not collected the exit status yet (common when the service's supervisor is not an init).
     */
    static boolean running(long pid) {
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            // the state follows the command name, which is in parentheses and may contain spaces
            int close = text.lastIndexOf(')');
            return close < 0 || close + 2 >= text.length() || text.charAt(close + 2) != 'Z';
        } catch (IOException | RuntimeException noProcFs) {
            return true;
        }
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(instance.host(), instance.port()), CONNECT_TIMEOUT_MS);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            // a timeout or an unreachable host proves nothing either way: treat as still open
            return true;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MySqlStillRunningException("interrupted while waiting for MySQL to stop");
        }
    }
}
