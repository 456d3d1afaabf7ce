package org.mysqlbackup.drill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code mariadbd}/{@code mysqld} started by the drill on a restored data directory, reachable
 * only through its own unix socket: {@code --skip-networking} (no TCP port, nothing on the network),
 * {@code --skip-grant-tables} (the backup's accounts and passwords are not needed and not used), no
 * option file read ({@code --no-defaults}, so /etc/mysql of the production server stays out), no
 * replication or events started (they would change the data being checked). Its pid file, error log
 * and socket are in the drill's scratch folder.
 *
 * <p>The process is this JVM's child; {@link #stop()} ends it (SQL {@code SHUTDOWN}, then SIGTERM,
 * then SIGKILL, each with a time limit) and a shutdown hook kills it if the JVM exits first. The
 * driver's unix socket has no read timeout, so nothing here waits on a call to the server without
 * a deadline after which the process is killed (which ends the call).
 */
public final class ThrowawayServer implements RunningServer {
    private static final Logger LOG = LoggerFactory.getLogger(ThrowawayServer.class);
    /** sun_path holds 108 bytes with the terminating NUL; a longer socket path cannot be bound. */
    static final int SOCKET_PATH_MAX = 100;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int PROBE_TIMEOUT_MS = 2_000;
    private static final int TAIL_LINES = 30;

    private final Process process;
    private final Path socket;
    private final Path socketHolder;
    private final Path errorLog;
    private final Path output;
    private final Duration stopTimeout;
    private final int queryTimeoutMs;
    private final Thread leakGuard;
    private boolean stopped;

    private ThrowawayServer(Process process, Path socket, Path socketHolder, Path errorLog, Path output,
                            Duration stopTimeout, int queryTimeoutMs) {
        this.process = process;
        this.socket = socket;
        this.socketHolder = socketHolder;
        this.errorLog = errorLog;
        this.output = output;
        this.stopTimeout = stopTimeout;
        this.queryTimeoutMs = queryTimeoutMs;
        this.leakGuard = new Thread(process::destroyForcibly, "drill-server-leak-guard-" + process.pid());
        Runtime.getRuntime().addShutdownHook(leakGuard);
    }

    /**
     * Starts the server and waits, at most {@code bootTimeout}, until it answers on its socket.
     *
     * @param user         {@code --user}, or null to give none (needed when running as root)
     * @param extraOptions further server options, e.g. {@code --innodb-buffer-pool-size=256M}
     * @param queryTimeout how long one statement of the checks may take (the socket timeout of a connection)
     * @throws BootFailedException with the error log tail; the process is gone then
     */
    public static ThrowawayServer boot(ServerBinary binary, Path dataDirectory, Path scratch, String user,
                                       List<String> extraOptions, Duration bootTimeout, Duration stopTimeout,
                                       Duration queryTimeout) throws BootFailedException {
        Path errorLog = scratch.resolve("server.err");
        Path output = scratch.resolve("server.out");
        Path socketHolder = null;
        Path socket = scratch.resolve("server.sock").toAbsolutePath();
        Process process;
        try {
            Path tmp = Files.createDirectories(scratch.resolve("tmp"));
            if (socket.toString().getBytes(StandardCharsets.UTF_8).length > SOCKET_PATH_MAX) {
                // a deep scratch folder: the socket goes to a short folder of its own, removed with the server
                socketHolder = Files.createTempDirectory(Path.of("/tmp"), "drill-");
                socket = socketHolder.resolve("server.sock");
            }
            List<String> command = new ArrayList<>(List.of(binary.path().toString(),
                    "--no-defaults",
                    "--datadir=" + dataDirectory.toAbsolutePath(),
                    "--socket=" + socket,
                    "--pid-file=" + scratch.resolve("server.pid").toAbsolutePath(),
                    "--log-error=" + errorLog.toAbsolutePath(),
                    "--tmpdir=" + tmp.toAbsolutePath(),
                    "--skip-networking",
                    "--skip-grant-tables",
                    "--skip-slave-start",
                    "--event-scheduler=OFF",
                    "--performance-schema=OFF",
                    "--max-connections=10"));
            if (user != null) {
                command.add("--user=" + user);
            }
            command.addAll(extraOptions);
            LOG.info("Drill: booting {} on {}", binary.path(), dataDirectory);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            deleteQuietly(socketHolder);
            throw new DrillNotPossibleException("cannot start " + binary.path() + " for the drill: " + e.getMessage(), e);
        }
        ThrowawayServer server = new ThrowawayServer(process, socket, socketHolder, errorLog, output, stopTimeout,
                (int) Math.min(Integer.MAX_VALUE, queryTimeout.toMillis()));
        try {
            server.awaitReady(bootTimeout);
            return server;
        } catch (BootFailedException | RuntimeException e) {
            server.stopQuietly();
            throw e;
        }
    }

    /**
     * Probes the socket until {@code SELECT 1} answers. The driver's unix socket honours no socket
     * timeout, so a probe runs on a thread of its own and is only waited for until the boot
     * deadline: a server that accepts but never answers is killed then, which ends the probe.
     */
    private void awaitReady(Duration timeout) throws BootFailedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Void> probe = null;
        Throwable last = null;
        while (true) {
            if (!process.isAlive()) {
                throw new BootFailedException(describe() + " exited with code " + process.exitValue()
                        + " while booting", tail());
            }
            if (probe == null && Files.exists(socket)) {
                probe = CompletableFuture.runAsync(this::probe, ThrowawayServer::daemon);
            }
            if (probe != null && probe.isDone()) {
                try {
                    probe.join();
                    return;
                } catch (CompletionException e) {
                    last = e.getCause();
                    probe = null;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new BootFailedException(describe() + " did not accept connections within " + timeout.toSeconds()
                        + " s" + (last == null ? "" : " (last attempt: " + last.getMessage() + ")"), tail());
            }
            sleep(POLL);
        }
    }

    private void probe() {
        try (Connection connection = open(PROBE_TIMEOUT_MS); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    /** A thread that never keeps the JVM alive: it may be blocked on a socket until the server is killed. */
    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "drill-server-call");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Connection connect() throws SQLException {
        return open(queryTimeoutMs);
    }

    private Connection open(int socketTimeoutMs) throws SQLException {
        // skip-grant-tables: any user name is let in, no password asked
        return DriverManager.getConnection("jdbc:mariadb://localhost/?localSocket=" + socket + "&connectTimeout="
                + PROBE_TIMEOUT_MS + "&socketTimeout=" + socketTimeoutMs, "drill", "");
    }

    /** The unix socket it listens on (nothing else). */
    public Path socket() {
        return socket;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        try {
            if (process.isAlive()) {
                shutDown();
            }
            if (process.isAlive()) {
                throw new IllegalStateException(describe() + " is still running after SIGKILL");
            }
            stopped = true;
            LOG.info("Drill: {} stopped", describe());
        } finally {
            if (stopped) {
                removeLeakGuard();
                deleteQuietly(socketHolder);
            }
        }
    }

    private void shutDown() {
        // on its own thread: a hung server would block the call for ever (no socket timeout on a unix
        // socket); whether the process exits is what counts, and a kill ends the call
        daemon(() -> {
            try (Connection connection = open(PROBE_TIMEOUT_MS); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                // the server may close the connection while it answers
                LOG.debug("Drill: SHUTDOWN of {}: {}", describe(), e.getMessage());
            }
        });
        if (waitFor(stopTimeout)) {
            return;
        }
        LOG.warn("Drill: {} did not shut down within {} s, sending SIGTERM", describe(), stopTimeout.toSeconds());
        process.destroy();
        if (waitFor(stopTimeout)) {
            return;
        }
        LOG.warn("Drill: {} did not exit on SIGTERM within {} s, sending SIGKILL", describe(), stopTimeout.toSeconds());
        process.destroyForcibly();
        waitFor(stopTimeout);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.error("Drill: {}", e.getMessage());
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return !process.isAlive();
        }
    }

    private void removeLeakGuard() {
        try {
            Runtime.getRuntime().removeShutdownHook(leakGuard);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs, harmlessly
        }
    }

    private String describe() {
        return "the throwaway server (pid " + process.pid() + ")";
    }

    /** The last lines of the error log, and of the process output when the log has none (a bad option). */
    private String tail() {
        String log = tail(errorLog);
        return log.isBlank() ? tail(output) : log;
    }

    static String tail(Path file) {
        String content;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long from = Math.max(0, size - 16_384);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            channel.read(buffer, from);
            content = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "(cannot read " + file.getFileName() + ": " + e.getMessage() + ")";
        }
        List<String> lines = content.lines().filter(l -> !l.isBlank()).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the throwaway server", e);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            try (var files = Files.list(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warn("Drill: could not remove {}: {}", folder, e.getMessage());
        }
    }
}
