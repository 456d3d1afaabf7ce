package org.mysqlbackup.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.client.run.InstanceBusyException;
import org.mysqlbackup.client.run.InstanceLock;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.client.run.PreflightException;
import org.mysqlbackup.config.ByteSize;
import org.mysqlbackup.mysql.MySqlAvailability;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.mysql.MySqlUnavailableException;
import org.mysqlbackup.snapshot.BackupManifest;
import org.mysqlbackup.snapshot.ZipStrategy;

/**
 * Checks, before MySQL is stopped, everything that would make the backup fail after the stop:
 * the data directory can be read, the pid file is where the configuration says (without it the
 * stop cannot be proven), the work folder has room for a snapshot as large as the data, and
 * MySQL accepts the configured credentials (otherwise the restart could never be verified); and no
 * other backup of the same instance runs ({@link InstanceLock}). All problems are reported
 * together. The server's side is asked next, by route client-server-preflight.
 */
public class Preflight implements Processor {
    private final StepTracker steps;

    public Preflight(StepTracker steps) {
        this.steps = steps;
    }

    @Override
    public void process(Exchange exchange) {
        BackupRun run = steps.enter(exchange, BackupStep.PREFLIGHT);
        new Checks(run.target()).run(run);
    }

    /** The checks of one target; {@code copy} and {@code reflink} need room for a copy and the zip. */
    private static final class Checks {
        private final MySqlInstance mysql;
        private final MySqlAvailability availability;
        private final Path workDirectory;
        private final String strategy;

        Checks(MySqlTarget target) {
            this.mysql = target.mysql();
            this.availability = target.availability();
            this.workDirectory = target.workDirectory();
            this.strategy = target.snapshots().name();
        }

        void run(BackupRun run) {
            try {
                run.hold(InstanceLock.acquire(workDirectory, mysql.dataDirectory()));
            } catch (IOException e) {
                throw new PreflightException("cannot lock " + workDirectory + ": " + e.getMessage() + " (MySQL was not stopped)");
            } catch (InstanceBusyException e) {
                throw new PreflightException(e.getMessage() + " (MySQL was not stopped)");
            }
            List<String> problems = new ArrayList<>();
            long dataBytes = checkDataDirectory(problems);
            run.estimatedBytes(dataBytes);
            checkPidFile(problems);
            checkWorkDirectory(dataBytes, problems);
            checkMySql(problems);
            if (!problems.isEmpty()) {
                throw new PreflightException(String.join("; ", problems) + " (MySQL was not stopped)");
            }
        }

        private long checkDataDirectory(List<String> problems) {
            Path datadir = mysql.dataDirectory();
            if (!Files.isDirectory(datadir)) {
                problems.add("data directory " + datadir + " does not exist or is not a directory");
                return 0;
            }
            if (!Files.isReadable(datadir)) {
                problems.add("data directory " + datadir + " is not readable by this user");
                return 0;
            }
            if (Files.exists(datadir.resolve(BackupManifest.ENTRY_NAME))) {
                // the zip's own manifest goes there: a restore that unpacked it left it behind
                problems.add("data directory " + datadir + " holds a " + BackupManifest.ENTRY_NAME
                        + " (left by a restore of a backup); move it out of the data directory");
            }
            AtomicLong total = new AtomicLong();
            try (Stream<Path> files = Files.walk(datadir)) {
                files.filter(Files::isRegularFile).forEach(f -> total.addAndGet(sizeOf(f)));
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.add("cannot list data directory " + datadir + ": " + e.getMessage());
            }
            return total.get();
        }

        private void checkPidFile(List<String> problems) {
            if (mysql.pidFile() != null && !Files.isRegularFile(mysql.pidFile())) {
                problems.add("pid file " + mysql.pidFile() + " does not exist (is MySQL running, and is mysql.pid-file right?)");
            }
        }

        private void checkWorkDirectory(long dataBytes, List<String> problems) {
            Path work = workDirectory.toAbsolutePath().normalize();
            Path data = mysql.dataDirectory().toAbsolutePath().normalize();
            if (work.startsWith(data) || data.startsWith(work)) {
                problems.add("work folder " + workDirectory + " and data directory " + mysql.dataDirectory()
                        + " overlap; snapshot.work-dir must be outside the data directory");
                return;
            }
            try {
                Files.createDirectories(workDirectory);
                Path probe = Files.createTempFile(workDirectory, ".preflight", ".tmp");
                Files.delete(probe);
                // a zip of incompressible data is about its size; copy and reflink (which may fall back) hold a copy too
                boolean copies = !ZipStrategy.NAME.equals(strategy);
                long zipRoom = dataBytes + dataBytes / 100 + (1 << 20);
                long needed = copies ? zipRoom + dataBytes : zipRoom;
                long free = Files.getFileStore(workDirectory).getUsableSpace();
                if (free < needed) {
                    problems.add("work folder " + workDirectory + " has " + ByteSize.format(free) + " free but a snapshot of "
                            + ByteSize.format(dataBytes) + " of data may need " + ByteSize.format(needed)
                            + (copies ? " with snapshot.strategy=" + strategy + " (a copy and the zip; zip needs "
                            + ByteSize.format(zipRoom) + ")" : ""));
                }
            } catch (IOException e) {
                problems.add("work folder " + workDirectory + " is not writable: " + e);
            }
        }

        private void checkMySql(List<String> problems) {
            try {
                availability.verify();
            } catch (MySqlUnavailableException e) {
                problems.add(e.getMessage());
            }
        }

        private static long sizeOf(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
