package org.mysqlbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Smoke test of the sandbox itself: if this fails, every database integration test is suspect.
 * Liveness is judged from /proc and raw sockets, independently of the sandbox's own checks.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MariaDbSandboxIT {

    private static final Path BASE_DIR = Path.of(System.getProperty("sandbox.dir", "target/sandbox"));

    @Test
    void survivesStopStartAndBootsFromACopyOfItsDatadir() throws Exception {
        Path copiedDatadir = BASE_DIR.resolve("scratch-" + UUID.randomUUID()).resolve("datadir");
        Path restoredDefaultsFile;
        MariaDbSandbox db = MariaDbSandbox.create(BASE_DIR);
        boolean disposable = db.instanceDir().toAbsolutePath()
                .startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        try (db) {
            db.start();
            assertThat(db.isRunning()).isTrue();
            assertThat(shell(db.statusCommand())).isZero();
            db.loadSampleData();

            Map<String, Long> checksums = db.checksums();
            Map<String, Long> rowCounts = db.rowCounts();
            assertThat(checksums).containsOnlyKeys("inventory.stock", "shop.audit_log", "shop.customers",
                    "shop.orders", "shop.tags");
            assertThat(checksums.values()).doesNotContain(0L);
            assertThat(db.checksums()).isEqualTo(checksums);
            assertThat(rowCounts).containsEntry("shop.customers", 1000L).containsEntry("shop.orders", 5000L)
                    .containsEntry("shop.audit_log", 3000L).containsEntry("shop.tags", 500L)
                    .containsEntry("inventory.stock", 200L);
            assertThat(engines(db)).containsEntry("shop.customers", "InnoDB").containsEntry("shop.orders", "InnoDB")
                    .containsEntry("shop.audit_log", "MyISAM").containsEntry("shop.tags", "Aria");

            long pid = Long.parseLong(Files.readString(db.pidFile()).trim());
            assertThat(isLive(pid)).isTrue();
            db.stop();
            assertThat(db.pidFile()).doesNotExist();
            assertThat(isLive(pid)).as("mariadbd pid %d after stop", pid).isFalse();
            assertThat(portAcceptsConnections(db.port())).isFalse();
            assertThat(db.isRunning()).isFalse();
            assertThat(shell(db.statusCommand())).isNotZero();

            copyTree(db.datadir(), copiedDatadir);

            db.start();
            assertThat(db.checksums()).isEqualTo(checksums);
            assertThat(db.rowCounts()).isEqualTo(rowCounts);

            try (MariaDbSandbox restored = MariaDbSandbox.bootFrom(copiedDatadir, BASE_DIR)) {
                restoredDefaultsFile = restored.defaultsFile();
                assertThat(restored.port()).isNotEqualTo(db.port());
                assertThat(restored.datadir()).isEqualTo(copiedDatadir.toAbsolutePath().normalize());
                assertThat(restored.isRunning()).isTrue();
                assertThat(restored.checksums()).isEqualTo(checksums);
                assertThat(restored.rowCounts()).isEqualTo(rowCounts);
                assertThat(backupAccountWorks(restored.jdbcUrl(), db.user(), db.password())).isTrue();
            }
            assertThat(serverProcessesUsing(restoredDefaultsFile)).isEmpty();
            assertThat(db.isRunning()).as("original must be unaffected by the restored instance").isTrue();
        }
        assertThat(serverProcessesUsing(db.defaultsFile())).isEmpty();
        assertThat(portAcceptsConnections(db.port())).isFalse();
        assertThat(db.socket().getParent()).doesNotExist();
        assertThat(Files.isDirectory(db.instanceDir())).as("instance dir kept for inspection").isEqualTo(!disposable);
    }

    /** Drives the server only through the command strings, the way the product under test does. */
    @Test
    void shellCommandsControlTheServerWithoutHoldingTheCallersPipes() throws Exception {
        try (MariaDbSandbox db = MariaDbSandbox.create(BASE_DIR)) {
            db.start();
            assertThat(db.user()).isEqualTo("backup");
            assertThat(grants(db)).anyMatch(grant -> grant.startsWith("GRANT ALL PRIVILEGES ON *.*"));

            assertThat(shellWithPipes(db.stopCommand())).isZero();
            assertThat(db.pidFile()).doesNotExist();
            assertThat(serverProcessesUsing(db.defaultsFile())).isEmpty();
            assertThat(shellWithPipes(db.stopCommand())).as("stopping a stopped server").isZero();

            // Reading the start command's stdout to EOF only finishes if the daemon did not inherit it.
            assertThat(shellWithPipes(db.startCommand())).isZero();
            awaitStatus(db, 0);
            assertThat(db.isRunning()).isTrue();

            db.kill();
            assertThat(serverProcessesUsing(db.defaultsFile())).isEmpty();
            assertThat(db.pidFile()).doesNotExist();
            assertThat(shell(db.statusCommand())).isNotZero();

            db.start();
            assertThat(db.rowCounts()).isEmpty();
        }
    }

    @Test
    void reportsStartupProblemsClearlyAndLeavesNothingRunning() throws Exception {
        Path notADatadir = Files.createDirectories(BASE_DIR.resolve("empty-" + UUID.randomUUID()));
        assertThatThrownBy(() -> MariaDbSandbox.bootFrom(notADatadir, BASE_DIR))
                .isInstanceOf(MariaDbSandbox.SandboxException.class).hasMessageContaining("not a MariaDB datadir");

        try (MariaDbSandbox db = MariaDbSandbox.create(BASE_DIR)) {
            try (ServerSocket squatter = new ServerSocket(db.port(), 1, InetAddress.getLoopbackAddress())) {
                assertThat(squatter.isBound()).isTrue();
                assertThatThrownBy(db::start).hasMessageContaining("already in use");
            }
            Files.writeString(db.defaultsFile(),
                    Files.readString(db.defaultsFile()).replace("[client]", "no-such-option=1\n[client]"));
            long startedAt = System.nanoTime();
            assertThatThrownBy(db::start).isInstanceOf(MariaDbSandbox.SandboxException.class)
                    .hasMessageContaining("aborted during startup").hasMessageContaining("no-such-option");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt))
                    .as("abort is detected from the error log, not by running into the timeout").isLessThan(20);
            assertThat(serverProcessesUsing(db.defaultsFile())).isEmpty();
        }

        try (MariaDbSandbox running = MariaDbSandbox.create(BASE_DIR)) {
            running.start();
            assertThatThrownBy(() -> MariaDbSandbox.bootFrom(running.datadir(), BASE_DIR))
                    .hasMessageContaining("in use by a running server");
            assertThat(running.isRunning()).isTrue();
        }
    }

    @Test
    void generatesBulkDataUpToTheRequestedSize() throws Exception {
        try (MariaDbSandbox db = MariaDbSandbox.create(BASE_DIR)) {
            db.start();
            long target = directorySize(db.datadir()) + 40L * 1024 * 1024;
            db.generateData(target);
            assertThat(directorySize(db.datadir())).isGreaterThanOrEqualTo(target);
            assertThat(db.rowCounts().get("bulk.blob_rows")).isGreaterThan(5000L);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, String> engines(MariaDbSandbox db) throws Exception {
        Map<String, String> engines = new TreeMap<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), ENGINE"
                        + " FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('shop', 'inventory')")) {
            while (rs.next()) {
                engines.put(rs.getString(1), rs.getString(2));
            }
        }
        return engines;
    }

    private static List<String> grants(MariaDbSandbox db) throws Exception {
        List<String> grants = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                grants.add(rs.getString(1));
            }
        }
        return grants;
    }

    private static boolean backupAccountWorks(String url, String user, String password) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CURRENT_USER()")) {
            return rs.next() && rs.getString(1).startsWith(user + "@");
        }
    }

    private static int shell(String command) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("'%s' finished", command).isTrue();
        return process.exitValue();
    }

    /** Like a naive caller: pipes on all streams, read to EOF. Fails if a daemon keeps them open. */
    private static int shellWithPipes(String command) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        String text = output.get(90, TimeUnit.SECONDS);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("'%s' finished; output: %s", command, text).isTrue();
        return process.exitValue();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitStatus(MariaDbSandbox db, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (shell(db.statusCommand()) != expected) {
            assertThat(System.nanoTime()).as("status command never returned %d", expected).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Live means present and not a zombie: a container init may never reap the detached server. */
    private static boolean isLive(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static List<Long> serverProcessesUsing(Path defaultsFile) throws IOException {
        String marker = "--defaults-file=" + defaultsFile;
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && commandLine(entry).contains(marker)) {
                    pids.add(Long.parseLong(name));
                }
            }
        }
        return pids;
    }

    private static String commandLine(Path procEntry) {
        try {
            return new String(Files.readAllBytes(procEntry.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean portAcceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.copy(path, target.resolve(source.relativize(path).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
