package org.mysqlbackup.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the apps run as its own JVM through its launcher in bin/, as an operator runs it, so a
 * test can kill it with SIGKILL. Output goes to a log file.
 */
public final class AppProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private AppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static AppProcess start(List<String> command, Path log) throws IOException {
        return start(command, log, java.util.Map.of());
    }

    /** Like {@link #start(List, Path)}, with {@code environment} added to the process's environment. */
    public static AppProcess start(List<String> command, Path log, java.util.Map<String, String> environment)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MYSQL_BACKUP_LOGBACK", TestPaths.home().resolve("config/logback.xml").toString());
        builder.environment().putAll(environment);
        return new AppProcess(builder.start(), log);
    }

    public long pid() {
        return process.pid();
    }

    /** The processes this one started that still run (a backup's watchdog, a stop command, ...). */
    public java.util.List<ProcessHandle> descendants() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** SIGTERM, as {@code systemctl stop} or {@code kill} send it; the process may clean up. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as a crash or an OOM killer would. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** @return the exit code; fails the test if the process runs longer than {@code seconds} */
    public int waitFor(long seconds) throws InterruptedException, IOException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not end within " + seconds + " s; log:\n" + log());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
