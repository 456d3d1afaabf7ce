package org.mysqlbackup.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, throw-away {@code mariadbd} for integration tests of a backup client that stops and starts
 * the database through shell commands.
 *
 * <p>The product under test never holds a {@link Process} handle for the server, so neither does the
 * sandbox: {@link #start()} and {@link #stop()} run exactly the command strings that tests hand to the
 * product ({@link #startCommand()}, {@link #stopCommand()}, {@link #statusCommand()}). Those commands
 * are small generated scripts in the instance directory, so they stay short enough for any config file
 * and can be run by hand when debugging.
 *
 * <p>Layout of an instance created by {@link #create(Path)}:
 * <pre>
 *   baseDir/.template-datadir        pristine datadir from mariadb-install-db, shared by all instances
 *   baseDir/mariadb-NNNN/my.cnf      --defaults-file of the server (so /etc/mysql is never read)
 *   baseDir/mariadb-NNNN/data/       datadir, a copy of the template
 *   baseDir/mariadb-NNNN/mariadbd.pid, mariadbd.err, commands.log, start.sh, stop.sh, status.sh
 *   /tmp/mbsb-NNNN/mysqld.sock       unix socket, kept short because sun_path is limited to 108 bytes
 * </pre>
 *
 * <p><b>Accounts.</b> The template is initialised with {@code --auth-root-authentication-method=normal},
 * which creates {@code root@localhost}, {@code root@127.0.0.1} and {@code root@::1} without a password.
 * On its first {@link #start()} an instance made by {@link #create(Path)} adds {@code backup@127.0.0.1}
 * and {@code backup@localhost} with a random password and {@code ALL PRIVILEGES ON *.*} (which includes
 * SHUTDOWN and RELOAD); {@link #user()}/{@link #password()}/{@link #connect()} use that account. Because
 * the accounts live in the {@code mysql} schema they travel with the datadir: a copy of it (for example
 * a restored backup) can be booted with {@link #bootFrom(Path, Path)}, which connects as password-less
 * {@code root@127.0.0.1}, or with {@link #bootFrom(Path, Path, String, String)} using the original
 * sandbox's {@code user()}/{@code password()} or any other account the datadir contains.
 *
 * <p>Graceful stop is {@code SIGTERM} to the pid from the pid file, the same thing systemd does, rather
 * than {@code mariadb-admin shutdown}: it needs no credentials, so it works for restored datadirs whose
 * passwords the sandbox does not know.
 *
 * <p>Instances are not thread-safe; drive each one from a single test thread. {@link #create(Path)} and
 * {@link #bootFrom} may be called concurrently. Linux only (uses {@code /proc}).
 */
public final class MariaDbSandbox implements AutoCloseable {

    /** Thrown for every failure of the sandbox itself, with the relevant log tail in the message. */
    public static final class SandboxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SandboxException(String message) {
            super(message);
        }

        public SandboxException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbSandbox.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int PROBE_CONNECT_TIMEOUT_MS = 2_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** Generous, because CHECKSUM TABLE ... EXTENDED over benchmark-sized data is slow, but never infinite. */
    private static final int QUERY_TIMEOUT_MS = 30 * 60_000;
    private static final int SUN_PATH_MAX = 107;

    private static final String ROOT_USER = "root";
    private static final String BACKUP_USER = "backup";
    /** Created password-less by mariadb-install-db --auth-root-authentication-method=normal. */
    private static final Credentials ROOT = new Credentials(ROOT_USER, "");
    private static final String TEMPLATE_DIR = ".template-datadir";
    private static final Set<String> SYSTEM_SCHEMAS =
            Set.of("mysql", "information_schema", "performance_schema", "sys");

    /**
     * Options that decide the on-disk format, shared by mariadb-install-db and the server so that the
     * template's InnoDB files are created with the sizes every instance then runs with.
     */
    private static final List<String> STORAGE_OPTIONS = List.of(
            "innodb_buffer_pool_size=32M",
            "innodb_log_file_size=8M");

    /** Keeps an instance small, quick to start and stop, and independent of DNS. */
    private static final List<String> RUNTIME_OPTIONS = List.of(
            "bind-address=127.0.0.1",
            "skip-name-resolve",
            "performance_schema=OFF",
            "innodb_fast_shutdown=1",
            // Debian's packaged server defaults to utf8mb4; the compiled-in default is latin1.
            "character-set-server=utf8mb4",
            "collation-server=utf8mb4_general_ci",
            // Small enough that mariadbd does not try to raise open_files_limit beyond the ulimit.
            "max_connections=50",
            "table_open_cache=400");

    /** Sample rows are deterministic so that checksums are comparable between runs, not just within one. */
    private static final List<String> SAMPLE_DATA_SQL = List.of(
            "DROP DATABASE IF EXISTS shop",
            "DROP DATABASE IF EXISTS inventory",
            "CREATE DATABASE shop CHARACTER SET utf8mb4",
            """
            CREATE TABLE shop.customers (
              id INT UNSIGNED PRIMARY KEY,
              name VARCHAR(64) NOT NULL,
              email VARCHAR(128) NOT NULL,
              country CHAR(2) NOT NULL,
              created_at DATETIME NOT NULL,
              UNIQUE KEY uk_customers_email (email),
              KEY idx_customers_country (country)
            ) ENGINE=InnoDB""",
            """
            INSERT INTO shop.customers
            SELECT seq, CONCAT('Customer ', seq), CONCAT('customer', seq, '@example.test'),
                   ELT(1 + seq % 6, 'DE', 'FR', 'US', 'JP', 'BR', 'NO'),
                   TIMESTAMP'2024-01-01 00:00:00' + INTERVAL (seq * 7919) % 525600 MINUTE
            FROM shop.seq_1_to_1000""",
            """
            CREATE TABLE shop.orders (
              id INT UNSIGNED PRIMARY KEY,
              customer_id INT UNSIGNED NOT NULL,
              amount DECIMAL(10,2) NOT NULL,
              status ENUM('new', 'paid', 'shipped', 'cancelled') NOT NULL,
              placed_at DATETIME NOT NULL,
              note VARCHAR(255) NULL,
              KEY idx_orders_placed_at (placed_at),
              CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES shop.customers (id)
            ) ENGINE=InnoDB""",
            """
            INSERT INTO shop.orders
            SELECT seq, 1 + (seq * 7) % 1000, ((seq * 7919) % 100000) / 100,
                   ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'cancelled'),
                   TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq * 37 MINUTE,
                   IF(seq % 3 = 0, NULL, SHA2(CONCAT('order-', seq), 256))
            FROM shop.seq_1_to_5000""",
            """
            CREATE TABLE shop.audit_log (
              id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
              order_id INT UNSIGNED NOT NULL,
              action VARCHAR(16) NOT NULL,
              detail TEXT NOT NULL,
              KEY idx_audit_log_order (order_id)
            ) ENGINE=MyISAM""",
            """
            INSERT INTO shop.audit_log (order_id, action, detail)
            SELECT 1 + (seq * 13) % 5000, ELT(1 + seq % 3, 'create', 'update', 'delete'),
                   REPEAT(MD5(seq), 1 + seq % 5)
            FROM shop.seq_1_to_3000""",
            """
            CREATE TABLE shop.tags (
              id INT UNSIGNED PRIMARY KEY,
              name VARCHAR(32) NOT NULL,
              weight DOUBLE NOT NULL,
              UNIQUE KEY uk_tags_name (name)
            ) ENGINE=Aria""",
            """
            INSERT INTO shop.tags
            SELECT seq, CONCAT('tag-', LPAD(seq, 4, '0')), seq / 7
            FROM shop.seq_1_to_500""",
            "CREATE DATABASE inventory CHARACTER SET utf8mb4",
            """
            CREATE TABLE inventory.stock (
              sku CHAR(12) PRIMARY KEY,
              warehouse VARCHAR(16) NOT NULL,
              quantity INT NOT NULL
            ) ENGINE=InnoDB""",
            """
            INSERT INTO inventory.stock
            SELECT CONCAT('SKU-', LPAD(seq, 8, '0')), ELT(1 + seq % 3, 'north', 'south', 'east'),
                   (seq * 31) % 977
            FROM inventory.seq_1_to_200""",
            // MyISAM and Aria keep dirty blocks in memory; flushing makes the files on disk complete
            // even for a test that inspects them without stopping the server.
            "FLUSH TABLES");

    /** One row of {@code bulk.blob_rows} carries 4 KiB of random, hence incompressible, payload. */
    private static final int BULK_ROW_BYTES = 4 * 1024;
    /** Rows per INSERT: ~4 MiB per statement keeps transactions well inside the 8M redo log. */
    private static final int BULK_MAX_ROWS_PER_STATEMENT = 1024;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** Guards template initialisation, the only mutable static state: once per JVM and base directory. */
    private static final Object TEMPLATE_LOCK = new Object();
    private static final Set<Path> READY_TEMPLATES = new HashSet<>();

    private final Path instanceDir;
    private final Path datadir;
    private final Path socketDir;
    private final int port;
    private final String user;
    private final String password;
    private final Binaries binaries;
    /** Kills the server if the JVM exits without close(): a leaked mariadbd would outlive the build. */
    private final Thread leakGuard;
    /** False until the backup account exists; until then the sandbox talks to the server as root. */
    private boolean accountsReady;
    private volatile boolean closed;

    private MariaDbSandbox(Path instanceDir, Path datadir, Path socketDir, int port, String user,
            String password, boolean accountsReady, Binaries binaries) {
        this.instanceDir = instanceDir;
        this.datadir = datadir;
        this.socketDir = socketDir;
        this.port = port;
        this.user = user;
        this.password = password;
        this.accountsReady = accountsReady;
        this.binaries = binaries;
        this.leakGuard = new Thread(this::killLeftoverServer, "mariadb-sandbox-leak-guard-" + port);
        Runtime.getRuntime().addShutdownHook(leakGuard);
    }

    // ------------------------------------------------------------------ factories

    /**
     * Creates a new, stopped instance with a copy of the shared template datadir under
     * {@code baseDir/mariadb-<unique>/}. Call {@link #start()} next.
     */
    public static MariaDbSandbox create(Path baseDir) {
        Binaries binaries = Binaries.locate();
        Path base = prepareBaseDir(baseDir);
        Path template = ensureTemplate(base, binaries);
        Path instanceDir = createInstanceDir(base, "mariadb-");
        Path socketDir = createSocketDir();
        try {
            Path datadir = instanceDir.resolve("data");
            copyTree(template, datadir);
            MariaDbSandbox sandbox = new MariaDbSandbox(instanceDir, datadir, socketDir, freePort(),
                    BACKUP_USER, randomPassword(), false, binaries);
            sandbox.writeInstanceFiles();
            LOG.info("Created {}", sandbox);
            return sandbox;
        } catch (IOException | RuntimeException e) {
            deleteTreeQuietly(socketDir);
            throw new SandboxException("Could not create a MariaDB sandbox in " + instanceDir, e);
        }
    }

    /**
     * Boots an existing datadir (for example a restored backup) as a new instance with its own port,
     * socket, pid file and error log, connecting as password-less {@code root@127.0.0.1}. That account
     * exists in every datadir that descends from {@link #create(Path)}; for other datadirs use
     * {@link #bootFrom(Path, Path, String, String)}. The datadir is used in place and never deleted.
     */
    public static MariaDbSandbox bootFrom(Path existingDatadir, Path baseDir) {
        return bootFrom(existingDatadir, baseDir, ROOT_USER, "");
    }

    /**
     * Like {@link #bootFrom(Path, Path)}, but connects with the given account, which must exist in the
     * datadir for {@code 127.0.0.1}; pass the original sandbox's {@link #user()} and {@link #password()}
     * to use its backup account. The returned instance is running.
     */
    public static MariaDbSandbox bootFrom(Path existingDatadir, Path baseDir, String user, String password) {
        Path datadir = existingDatadir.toAbsolutePath().normalize();
        requireDatadir(datadir);
        requireUnused(datadir);
        Binaries binaries = Binaries.locate();
        Path instanceDir = createInstanceDir(prepareBaseDir(baseDir), "mariadb-boot-");
        Path socketDir = createSocketDir();
        MariaDbSandbox sandbox = new MariaDbSandbox(instanceDir, datadir, socketDir, freePort(),
                user, password, true, binaries);
        try {
            sandbox.writeInstanceFiles();
            sandbox.start();
            return sandbox;
        } catch (RuntimeException e) {
            closeAfterFailure(sandbox, e);
            throw e;
        } catch (IOException e) {
            SandboxException failure = new SandboxException("Could not prepare " + instanceDir, e);
            closeAfterFailure(sandbox, failure);
            throw failure;
        }
    }

    // ------------------------------------------------------------------ shell commands

    /** Starts mariadbd detached ({@code setsid}, all streams on files) and exits 0 at once. */
    public String startCommand() {
        return "sh " + shellQuote(script("start.sh"));
    }

    /**
     * Sends SIGTERM and returns once the server has exited (at most 60 s, else exit 1), so the caller may
     * touch the datadir as soon as it returns 0. Exits 0 when the server is not running.
     */
    public String stopCommand() {
        return "sh " + shellQuote(script("stop.sh"));
    }

    /** Exits 0 iff a server answers on {@link #port()}; needs no credentials. */
    public String statusCommand() {
        return "sh " + shellQuote(script("status.sh"));
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Runs {@link #startCommand()} and waits up to 60 s until this instance (verified by its pid file
     * path) answers {@code SELECT 1}. The first start of a {@link #create(Path)} instance also creates
     * the backup account.
     */
    public void start() {
        ensureOpen();
        List<Long> running = serverProcesses();
        if (!running.isEmpty()) {
            throw new IllegalStateException(this + " is already running as pid " + running);
        }
        if (!portRefusesConnections()) {
            throw new SandboxException("Port " + port + " is already in use by another process; "
                    + "refusing to start " + this);
        }
        long startedAt = System.nanoTime();
        long logOffset = sizeOf(errorLog());
        try {
            runShell(startCommand(), LAUNCH_TIMEOUT, "start");
            awaitReady(logOffset, deadlineAfter(START_TIMEOUT));
            if (!accountsReady) {
                createBackupAccounts();
            }
        } catch (RuntimeException e) {
            // A half-started server would outlive the test and hold the port and datadir.
            killQuietly(e);
            throw e;
        }
        LOG.info("Started {} in {} ms", this, elapsedMillis(startedAt));
    }

    /**
     * Runs {@link #stopCommand()} and waits up to 60 s until the server process is gone, the pid file is
     * removed and the port refuses connections. Does nothing harmful when already stopped.
     */
    public void stop() {
        long startedAt = System.nanoTime();
        long deadline = deadlineAfter(STOP_TIMEOUT);
        runShell(stopCommand(), STOP_TIMEOUT.plusSeconds(15), "stop");
        awaitStopped(deadline);
        LOG.info("Stopped {} in {} ms", this, elapsedMillis(startedAt));
    }

    /** SIGKILLs every mariadbd of this instance, waits until they are gone and removes the stale pid file. */
    public void kill() {
        for (long pid : serverProcesses()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        long deadline = deadlineAfter(KILL_TIMEOUT);
        await(() -> serverProcesses().isEmpty(), deadline,
                () -> "mariadbd " + serverProcesses() + " of " + this + " survived SIGKILL");
        // SIGKILL leaves both behind; a stale pid file would otherwise make stop() wait in vain.
        deleteIfExists(pidFile());
        deleteIfExists(socket());
    }

    /** True iff {@code SELECT 1} works within about two seconds. */
    public boolean isRunning() {
        try (Connection connection = open(workingCredentials(), probeUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Stops the server (SIGKILL if a graceful stop fails), removes the socket directory and, only when
     * the instance lives under the system temp directory, the instance directory. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopGracefullyIfRunning();
        } finally {
            try {
                if (!serverProcesses().isEmpty()) {
                    kill();
                }
            } finally {
                deleteTreeQuietly(socketDir);
                if (isUnderSystemTempDir(instanceDir)) {
                    deleteTreeQuietly(instanceDir);
                }
                removeLeakGuard();
            }
        }
    }

    // ------------------------------------------------------------------ accessors

    public int port() {
        return port;
    }

    public Path datadir() {
        return datadir;
    }

    public Path pidFile() {
        return instanceDir.resolve("mariadbd.pid");
    }

    public Path socket() {
        return socketDir.resolve("mysqld.sock");
    }

    public Path defaultsFile() {
        return instanceDir.resolve("my.cnf");
    }

    public Path errorLog() {
        return instanceDir.resolve("mariadbd.err");
    }

    /** The directory holding my.cnf, logs and scripts (and, for {@link #create(Path)}, the datadir). */
    public Path instanceDir() {
        return instanceDir;
    }

    /** TCP URL without a default database. */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=" + CONNECT_TIMEOUT_MS;
    }

    public String rootUser() {
        return ROOT_USER;
    }

    /** {@code backup} for {@link #create(Path)}; whatever was passed to {@link #bootFrom}. */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new connection as {@link #user()}; the caller closes it. */
    public Connection connect() {
        try {
            return open(new Credentials(user, password), jdbcUrl() + "&socketTimeout=" + QUERY_TIMEOUT_MS);
        } catch (SQLException e) {
            throw new SandboxException("Cannot connect to " + this + " as " + user + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ data helpers

    public void execute(String sql) {
        executeAll(List.of(sql));
    }

    /**
     * (Re)creates databases {@code shop} (InnoDB customers and orders with a foreign key, MyISAM
     * audit_log, Aria tags) and {@code inventory} (InnoDB stock) with deterministic rows.
     */
    public void loadSampleData() {
        executeAll(SAMPLE_DATA_SQL);
    }

    /** {@code CHECKSUM TABLE ... EXTENDED} of every user base table, keyed {@code "db.table"}. */
    public Map<String, Long> checksums() {
        return perTable(table -> "CHECKSUM TABLE " + table + " EXTENDED", 2);
    }

    /** {@code SELECT COUNT(*)} of every user base table, keyed {@code "db.table"}. */
    public Map<String, Long> rowCounts() {
        return perTable(table -> "SELECT COUNT(*) FROM " + table, 1);
    }

    /**
     * Appends random (incompressible) rows to {@code bulk.blob_rows} until the files in the datadir add
     * up to at least {@code approxBytes}. Each statement inserts at most ~4 MiB from a SEQUENCE table, so
     * progress is measured often and no single transaction outgrows the small redo log.
     */
    public void generateData(long approxBytes) {
        executeAll(List.of(
                "CREATE DATABASE IF NOT EXISTS bulk",
                """
                CREATE TABLE IF NOT EXISTS bulk.blob_rows (
                  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
                  digest CHAR(64) NOT NULL,
                  payload BLOB NOT NULL
                ) ENGINE=InnoDB"""));
        long startedAt = System.nanoTime();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            long missing;
            while ((missing = approxBytes - datadirBytes()) > 0) {
                long rows = Math.min(BULK_MAX_ROWS_PER_STATEMENT, Math.max(1, missing / BULK_ROW_BYTES));
                statement.executeUpdate(bulkInsert(rows));
            }
        } catch (SQLException e) {
            throw new SandboxException("Generating " + approxBytes + " bytes in " + this + " failed: "
                    + e.getMessage(), e);
        }
        LOG.info("Datadir of {} holds {} bytes after {} ms", this, datadirBytes(), elapsedMillis(startedAt));
    }

    @Override
    public String toString() {
        return "MariaDbSandbox[port=" + port + ", dir=" + instanceDir + "]";
    }

    // ------------------------------------------------------------------ template

    @SuppressWarnings("try") // the FileLock is held for its scope, never referenced
    private static Path ensureTemplate(Path base, Binaries binaries) {
        Path template = base.resolve(TEMPLATE_DIR);
        synchronized (TEMPLATE_LOCK) {
            if (READY_TEMPLATES.contains(template)) {
                return template;
            }
            // The file lock covers other JVMs (parallel builds, forked test VMs) sharing the base dir;
            // it cannot replace the monitor because a JVM may hold a given file lock only once.
            try (FileChannel channel = FileChannel.open(base.resolve(TEMPLATE_DIR + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockWithTimeout(channel, INSTALL_TIMEOUT)) {
                String fingerprint = binaries.fingerprint();
                Path marker = base.resolve(TEMPLATE_DIR + ".ready");
                if (!fingerprint.equals(readIfExists(marker))) {
                    buildTemplate(base, template, marker, fingerprint, binaries);
                }
            } catch (IOException e) {
                throw new SandboxException("Cannot prepare the template datadir " + template, e);
            }
            READY_TEMPLATES.add(template);
            return template;
        }
    }

    /**
     * Builds into a staging directory and publishes by rename plus marker, so a crash half-way never
     * leaves a template that looks usable.
     */
    private static void buildTemplate(Path base, Path template, Path marker, String fingerprint,
            Binaries binaries) throws IOException {
        long startedAt = System.nanoTime();
        Files.deleteIfExists(marker);
        deleteTree(template);
        Path staging = base.resolve(TEMPLATE_DIR + ".staging");
        deleteTree(staging);
        Files.createDirectories(staging);
        Path cnf = base.resolve(TEMPLATE_DIR + ".cnf");
        Files.writeString(cnf, "[mariadbd]\n" + String.join("\n", STORAGE_OPTIONS) + "\n");
        List<String> command = List.of(binaries.installDb().toString(),
                "--defaults-file=" + cnf, // must come first; also keeps /etc/mysql out
                "--datadir=" + staging,
                "--user=" + osUser(),
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                // Omits root@<this host name>: instances are copies that may run elsewhere, and the
                // account would only produce warnings under skip-name-resolve.
                "--cross-bootstrap");
        Path log = base.resolve(TEMPLATE_DIR + ".install.log");
        run(command, base, log, INSTALL_TIMEOUT, "mariadb-install-db");
        requireDatadir(staging);
        Files.move(staging, template, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(marker, fingerprint);
        LOG.info("Initialised template datadir {} in {} ms", template, elapsedMillis(startedAt));
    }

    private static FileLock lockWithTimeout(FileChannel channel, Duration timeout) throws IOException {
        long deadline = deadlineAfter(timeout);
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new SandboxException("Another process held the template lock for more than "
                        + timeout.toSeconds() + " s");
            }
            sleep(POLL_INTERVAL);
        }
    }

    // ------------------------------------------------------------------ instance files

    private void writeInstanceFiles() throws IOException {
        requireShortSocketPath(socket());
        Files.writeString(defaultsFile(), myCnf());
        writeScript("start.sh", startScript());
        writeScript("stop.sh", stopScript());
        writeScript("status.sh", statusScript());
    }

    private String myCnf() {
        List<String> lines = new ArrayList<>();
        lines.add("# Generated by MariaDbSandbox. Passed as --defaults-file, so no other option file is read.");
        lines.add("[mariadbd]");
        lines.add("user=" + osUser());
        lines.add("port=" + port);
        lines.add("socket=" + cnfValue(socket().toString()));
        lines.add("datadir=" + cnfValue(datadir.toString()));
        lines.add("pid-file=" + cnfValue(pidFile().toString()));
        lines.add("log-error=" + cnfValue(errorLog().toString()));
        lines.addAll(STORAGE_OPTIONS);
        lines.addAll(RUNTIME_OPTIONS);
        lines.add("");
        lines.add("# For 'mariadb --defaults-file=<this file>' when poking at the instance by hand.");
        lines.add("[client]");
        lines.add("protocol=TCP");
        lines.add("host=127.0.0.1");
        lines.add("port=" + port);
        lines.add("user=" + cnfValue(user));
        if (!password.isEmpty()) {
            lines.add("password=" + cnfValue(password));
        }
        return String.join("\n", lines) + "\n";
    }

    private String startScript() {
        return """
                #!/bin/sh
                # Generated by MariaDbSandbox. Starts mariadbd detached and returns at once, as a service
                # manager would: setsid gives it its own session (no signals from the caller's terminal or
                # process group) and all three standard streams go to files, so no caller pipe stays open.
                pidfile=%1$s
                if pid=$(cat "$pidfile" 2>/dev/null) \\
                    && tr '\\0' '\\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- %2$s; then
                  echo "mariadbd already running (pid $pid)"
                  exit 0
                fi
                setsid %3$s %2$s >>%4$s 2>&1 </dev/null &
                echo "mariadbd launched"
                """.formatted(shellQuote(pidFile()), shellQuote(defaultsFileArgument()),
                shellQuote(binaries.mariadbd()), shellQuote(errorLog()));
    }

    private String stopScript() {
        return """
                #!/bin/sh
                # Generated by MariaDbSandbox. SIGTERM is a graceful shutdown (what systemd sends) and, unlike
                # mariadb-admin shutdown, needs no credentials. Returns only after the server has exited.
                # A process counts as ours only while its command line still names our defaults file: that
                # rules out a recycled pid, and also zombies, whose command line is empty (a container init
                # may never reap the detached server).
                pidfile=%1$s
                ours() { tr '\\0' '\\n' <"/proc/$1/cmdline" 2>/dev/null | grep -qxF -- %2$s; }
                if ! pid=$(cat "$pidfile" 2>/dev/null); then
                  echo "mariadbd not running (no pid file)"
                  exit 0
                fi
                if ! ours "$pid"; then
                  echo "mariadbd not running (removing stale pid file naming pid $pid)"
                  rm -f "$pidfile"
                  exit 0
                fi
                if ! kill -TERM "$pid" 2>/dev/null && ours "$pid"; then
                  echo "cannot send SIGTERM to mariadbd (pid $pid)" >&2
                  exit 1
                fi
                tenths=0
                while ours "$pid"; do
                  if [ "$tenths" -ge %3$d ]; then
                    echo "mariadbd (pid $pid) still running %4$d s after SIGTERM" >&2
                    exit 1
                  fi
                  sleep 0.1
                  tenths=$((tenths + 1))
                done
                if [ -e "$pidfile" ]; then
                  echo "mariadbd (pid $pid) exited without removing $pidfile; see the error log" >&2
                  exit 1
                fi
                echo "mariadbd (pid $pid) stopped"
                """.formatted(shellQuote(pidFile()), shellQuote(defaultsFileArgument()),
                STOP_TIMEOUT.toSeconds() * 10, STOP_TIMEOUT.toSeconds());
    }

    private String statusScript() {
        return """
                #!/bin/sh
                # Generated by MariaDbSandbox. 'ping' exits 0 even on 'Access denied': answering is enough.
                exec %s --no-defaults --protocol=TCP --host=127.0.0.1 --port=%d --connect-timeout=2 ping \\
                  >/dev/null 2>&1
                """.formatted(shellQuote(binaries.mariadbAdmin()), port);
    }

    private void writeScript(String name, String content) throws IOException {
        Path script = script(name);
        Files.writeString(script, content);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path script(String name) {
        return instanceDir.resolve(name);
    }

    private String defaultsFileArgument() {
        return "--defaults-file=" + defaultsFile();
    }

    // ------------------------------------------------------------------ waiting

    private void awaitReady(long logOffset, long deadline) {
        Credentials credentials = workingCredentials();
        SQLException lastFailure = null;
        while (true) {
            String newLog = readFrom(errorLog(), logOffset);
            if (newLog.contains("[ERROR] Aborting")) {
                throw new SandboxException("mariadbd of " + this + " aborted during startup:\n" + newLog);
            }
            try (Connection connection = open(credentials, probeUrl())) {
                verifyIdentity(connection);
                return;
            } catch (SQLException e) {
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                throw new SandboxException(this + " did not accept connections as " + credentials.user()
                        + " within " + START_TIMEOUT.toSeconds() + " s (last error: "
                        + lastFailure.getMessage() + "); error log:\n" + tail(errorLog()));
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Guards against a foreign server on a recycled port passing for this instance. */
    private void verifyIdentity(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT @@pid_file")) {
            rs.next();
            String reported = rs.getString(1);
            if (!pidFile().toString().equals(reported)) {
                throw new SandboxException("Port " + port + " is served by a different mariadbd (pid file "
                        + reported + "), not by " + this);
            }
        }
    }

    private void awaitStopped(long deadline) {
        await(() -> serverProcesses().isEmpty() && !Files.exists(pidFile()) && portRefusesConnections(),
                deadline, this::stopDiagnosis);
    }

    private String stopDiagnosis() {
        return this + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s: processes="
                + serverProcesses() + ", pid file present=" + Files.exists(pidFile())
                + ", port refuses connections=" + portRefusesConnections() + "; error log:\n"
                + tail(errorLog());
    }

    private static void await(BooleanSupplier condition, long deadline,
            Supplier<String> diagnosis) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new SandboxException(diagnosis.get());
            }
            sleep(POLL_INTERVAL);
        }
    }

    private boolean portRefusesConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ processes

    /**
     * Pids of live mariadbd processes started with this instance's defaults file, found via /proc rather
     * than the pid file, which is missing while the server boots and stale after SIGKILL. Zombies have
     * an empty command line and therefore do not count.
     */
    private List<Long> serverProcesses() {
        String marker = defaultsFileArgument();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> isServerWith(pid, marker))
                    .toList();
        } catch (IOException e) {
            throw new SandboxException("Cannot list /proc (the sandbox needs Linux)", e);
        }
    }

    private static boolean isServerWith(long pid, String marker) {
        List<String> argv = commandLine(pid);
        if (argv.isEmpty()) {
            return false;
        }
        Path executable = Path.of(argv.get(0)).getFileName();
        String name = executable == null ? "" : executable.toString();
        return (name.equals("mariadbd") || name.equals("mysqld")) && argv.contains(marker);
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String joined = new String(raw, StandardCharsets.UTF_8);
            return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\0"));
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // exited between listing and reading, or not ours to read
        }
    }

    private void stopGracefullyIfRunning() {
        if (serverProcesses().isEmpty()) {
            return;
        }
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Graceful stop of {} failed, killing it", this, e);
        }
    }

    private void killLeftoverServer() {
        if (closed) {
            return;
        }
        try {
            kill();
        } catch (RuntimeException e) {
            System.err.println("Could not kill the server of " + this + " at JVM exit: " + e);
        }
        deleteTreeQuietly(socketDir);
    }

    private void removeLeakGuard() {
        try {
            Runtime.getRuntime().removeShutdownHook(leakGuard);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the guard finds the instance closed and does nothing.
        }
    }

    private void killQuietly(RuntimeException primary) {
        try {
            kill();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    private static void closeAfterFailure(MariaDbSandbox sandbox, RuntimeException primary) {
        try {
            sandbox.close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    private String runShell(String command, Duration timeout, String purpose) {
        return run(List.of("sh", "-c", command), instanceDir, instanceDir.resolve("commands.log"),
                timeout, purpose + " command of " + this);
    }

    /**
     * Runs a command with stdin from /dev/null and output appended to a log file, so no pipe can fill
     * up or be held open by a daemon the command leaves behind. Returns this run's output.
     */
    private static String run(List<String> command, Path workDir, Path log, Duration timeout,
            String purpose) {
        try {
            Files.writeString(log, "$ " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long offset = sizeOf(log);
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new SandboxException(purpose + " did not finish within " + timeout.toSeconds()
                        + " s: " + command + "\n" + readFrom(log, offset));
            }
            String output = readFrom(log, offset);
            if (process.exitValue() != 0) {
                throw new SandboxException(purpose + " failed with exit code " + process.exitValue()
                        + ": " + command + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new SandboxException("Cannot run " + purpose + ": " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while running " + purpose, e);
        }
    }

    // ------------------------------------------------------------------ SQL

    private void createBackupAccounts() {
        List<String> statements = new ArrayList<>();
        for (String host : List.of("127.0.0.1", "localhost")) {
            String account = "'" + user + "'@'" + host + "'";
            statements.add("CREATE USER " + account + " IDENTIFIED BY '" + password + "'");
            // ALL PRIVILEGES on *.* includes SHUTDOWN and RELOAD, which the backup client needs.
            statements.add("GRANT ALL PRIVILEGES ON *.* TO " + account);
        }
        try (Connection connection = open(ROOT, probeUrl());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new SandboxException("Cannot create the " + user + " account in " + this + ": "
                    + e.getMessage(), e);
        }
        accountsReady = true;
    }

    private void executeAll(List<String> statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                execute(statement, sql);
            }
        } catch (SQLException e) {
            throw new SandboxException("SQL on " + this + " failed: " + e.getMessage(), e);
        }
    }

    private static void execute(Statement statement, String sql) {
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new SandboxException("Statement failed (" + e.getMessage() + "): " + sql, e);
        }
    }

    private Map<String, Long> perTable(Function<String, String> query, int column) {
        Map<String, Long> result = new TreeMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String[] table : userTables(statement)) {
                String sql = query.apply(quoteIdentifier(table[0]) + "." + quoteIdentifier(table[1]));
                result.put(table[0] + "." + table[1], singleLong(statement, sql, column));
            }
        } catch (SQLException e) {
            throw new SandboxException("Per-table query on " + this + " failed: " + e.getMessage(), e);
        }
        return result;
    }

    private static List<String[]> userTables(Statement statement) throws SQLException {
        String excluded = SYSTEM_SCHEMAS.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
        List<String[]> tables = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN (" + excluded + ")"
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return tables;
    }

    private static long singleLong(Statement statement, String sql, int column) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SandboxException("No result from: " + sql);
            }
            long value = rs.getLong(column);
            if (rs.wasNull()) {
                throw new SandboxException("NULL result (table missing or unreadable?) from: " + sql);
            }
            return value;
        }
    }

    private static String bulkInsert(long rows) {
        String payload = String.join(", ", Collections.nCopies(BULK_ROW_BYTES / 1024,
                "RANDOM_BYTES(1024)"));
        return "INSERT INTO bulk.blob_rows (digest, payload) SELECT SHA2(RANDOM_BYTES(32), 256), CONCAT("
                + payload + ") FROM bulk.seq_1_to_" + rows;
    }

    private long datadirBytes() {
        try (Stream<Path> files = Files.walk(datadir)) {
            return files.filter(Files::isRegularFile).mapToLong(MariaDbSandbox::sizeOf).sum();
        } catch (IOException | UncheckedIOException e) {
            throw new SandboxException("Cannot measure " + datadir, e);
        }
    }

    private Credentials workingCredentials() {
        return accountsReady ? new Credentials(user, password) : ROOT;
    }

    private String probeUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=" + PROBE_CONNECT_TIMEOUT_MS
                + "&socketTimeout=" + (2 * PROBE_CONNECT_TIMEOUT_MS);
    }

    private static Connection open(Credentials credentials, String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        return DriverManager.getConnection(url, properties);
    }

    private static String quoteIdentifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    // ------------------------------------------------------------------ small utilities

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static Path prepareBaseDir(Path baseDir) {
        Path base = baseDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new SandboxException("Cannot create sandbox base directory " + base, e);
        }
        return base;
    }

    private static Path createInstanceDir(Path base, String prefix) {
        try {
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new SandboxException("Cannot create an instance directory in " + base, e);
        }
    }

    /** Always /tmp rather than java.io.tmpdir, which may be long enough to overflow sun_path. */
    private static Path createSocketDir() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "mbsb-");
        } catch (IOException e) {
            throw new SandboxException("Cannot create a socket directory under /tmp", e);
        }
    }

    private static void requireShortSocketPath(Path socket) {
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > SUN_PATH_MAX) {
            throw new SandboxException("Unix socket path too long for sun_path: " + socket);
        }
    }

    private static void requireDatadir(Path datadir) {
        if (!Files.isDirectory(datadir.resolve("mysql"))) {
            throw new SandboxException(datadir + " is not a MariaDB datadir (no mysql/ schema directory)");
        }
    }

    /**
     * Aria and InnoDB hold fcntl locks on these files while a server runs; probing them turns a 30 s
     * lock retry followed by an abort into an immediate, explicit error.
     */
    private static void requireUnused(Path datadir) {
        for (String name : List.of("aria_log_control", "ibdata1")) {
            Path file = datadir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                    FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    throw new SandboxException(datadir + " is in use by a running server (" + name
                            + " is locked); stop it before booting this datadir");
                }
            } catch (IOException e) {
                throw new SandboxException("Cannot check whether " + file + " is in use", e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SandboxException("Cannot find a free TCP port on 127.0.0.1", e);
        }
    }

    private static String randomPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private static String osUser() {
        return System.getProperty("user.name");
    }

    /** Option-file value: quoted so that spaces survive, with the parser's escape character escaped. */
    private static String cnfValue(String value) {
        if (value.contains("\n")) {
            throw new SandboxException("Option file values cannot contain newlines: " + value);
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String shellQuote(Object value) {
        return "'" + value.toString().replace("'", "'\\''") + "'";
    }

    private static boolean isUnderSystemTempDir(Path path) {
        try {
            Path temp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            return path.toRealPath().startsWith(temp);
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.copy(path, target.resolve(source.relativize(path).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void deleteTreeQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}", root, e);
        }
    }

    private static void deleteIfExists(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new SandboxException("Cannot delete " + path, e);
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readIfExists(Path path) throws IOException {
        return Files.exists(path) ? Files.readString(path) : null;
    }

    /** Reads what was appended to a log after {@code offset}, tolerating a missing file. */
    private static String readFrom(Path path, long offset) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long length = Math.max(0, channel.size() - offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
            channel.read(buffer, offset);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "<cannot read " + path + ": " + e.getMessage() + ">";
        }
    }

    private static String tail(Path log) {
        String content = readFrom(log, Math.max(0, sizeOf(log) - 8192));
        List<String> lines = content.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static long deadlineAfter(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static long elapsedMillis(long startedAtNanos) {
        return (System.nanoTime() - startedAtNanos) / 1_000_000;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while waiting", e);
        }
    }

    private record Credentials(String user, String password) {
    }

    /** The server binaries, looked up on PATH plus the sbin directories PATH often lacks. */
    private record Binaries(Path mariadbd, Path installDb, Path mariadbAdmin) {

        static Binaries locate() {
            return new Binaries(find("mariadbd", "mysqld"), find("mariadb-install-db", "mysql_install_db"),
                    find("mariadb-admin", "mysqladmin"));
        }

        /** Changes whenever the server package or the template's options change. */
        String fingerprint() throws IOException {
            return mariadbd + " " + Files.size(mariadbd) + " " + Files.getLastModifiedTime(mariadbd) + "\n"
                    + installDb + " " + Files.getLastModifiedTime(installDb) + "\n"
                    + String.join("\n", STORAGE_OPTIONS) + "\n";
        }

        private static Path find(String... names) {
            List<String> dirs = new ArrayList<>();
            Optional.ofNullable(System.getenv("PATH"))
                    .ifPresent(path -> dirs.addAll(Arrays.asList(path.split(File.pathSeparator))));
            dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin"));
            for (String name : names) {
                for (String dir : dirs) {
                    Path candidate = Path.of(dir, name);
                    if (!dir.isEmpty() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
            throw new SandboxException("None of " + Arrays.toString(names) + " found on PATH or in "
                    + "/usr/sbin; install the MariaDB server package");
        }
    }
}
