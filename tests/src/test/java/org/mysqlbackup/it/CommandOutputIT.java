package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;

/**
 * What a person sees of a command, through bin/backup-client: its answer without start-up noise
 * (schema migrations, the connection pool) unless --verbose; and for a transfer a progress bar
 * redrawn in place when it runs at a terminal (a pty from script(1)), plain log lines when not.
 */
class CommandOutputIT {
    @Test
    void aCommandPrintsItsAnswerAndVerboseTheRest() throws Exception {
        Path work = TestPaths.scratch(CommandOutputIT.class);
        BackupClientFixture client = new BackupClientFixture(work.resolve("client"), TestPaths.freePort(), Map.of());

        String quiet = run(client, work, "quiet", "history");
        assertThat(quiet).as("a first command on a new database: only its answer")
                .contains("(no backups match)")
                .doesNotContain("Applying schema migration").doesNotContain("Hikari").doesNotContain(" INFO ");

        BackupClientFixture fresh = new BackupClientFixture(work.resolve("client-verbose"), TestPaths.freePort(), Map.of());
        String verbose = run(fresh, work, "verbose", "history", "--verbose");
        assertThat(verbose).contains("(no backups match)")
                .contains("Applying schema migration V1__initial_schema.sql")
                .contains("HikariDataSource");
    }

    @Test
    void aTransferDrawsABarAtATerminalAndLogLinesElsewhere() throws Exception {
        Path work = TestPaths.scratch(CommandOutputIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        try (BackupServerFixture server = BackupServerFixture.start(work, certs)) {
            BackupClientFixture client = new BackupClientFixture(work.resolve("client"), server.port(),
                    certs.properties(certs.client("watched")))
                    // small chunks, one in flight: the transfer lasts long enough to be drawn
                    .set("transfer.chunk-size", "1MiB").set("transfer.chunks-in-flight", "1");
            Path file = RandomFiles.create(work.resolve("a.bin"), 96L << 20, 1);

            String atTerminal = atTerminal(client, work, "send", file.toString());
            assertThat(atTerminal).as("at a terminal: one line redrawn in place")
                    .containsPattern("\r(transfer|finalize|cleanup)\\s+\\[[= >]+\\]\\s+\\d+%  .* of .*/s  ETA ")
                    .contains("\"status\":\"Completed\"")
                    .doesNotContain(" INFO ");

            try (AppProcess plain = AppProcess.start(client.commandLine("send", file.toString()),
                    work.resolve("logs/plain.log"))) {
                assertThat(plain.waitFor(180)).as("exit code; output:%n%s", plain.log()).isZero();
                String log = plain.log();
                assertThat(log).as("no terminal: the plain step and transfer lines, no bar")
                        .containsPattern("Backup \\d+ of '[^']+': transfer")
                        .containsPattern("Transfer \\S+ of '[^']+': [\\d.]+% \\(")
                        .doesNotContain("\r").doesNotContain("[=")
                        .doesNotContain("Applying schema migration");
            }
        }
    }

    @Test
    void aServerOnATakenPortSaysSoInOneLineWithTheHolderAndAFreePort() throws Exception {
        Path work = TestPaths.scratch(CommandOutputIT.class);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            List<String> server = List.of(TestPaths.home().resolve("bin/backup-server").toString(), "--config",
                    TestPaths.serverConfig().toString(), "-D", "server.host=127.0.0.1", "-D", "server.port=" + port,
                    "-D", "db.file=" + work.resolve("server.db"), "-D", "storage.root=" + work.resolve("storage"));
            try (AppProcess process = AppProcess.start(server, work.resolve("logs/taken.log"))) {
                assertThat(process.waitFor(120)).as("exit code; output:%n%s", process.log()).isEqualTo(1);
                assertThat(process.log().strip().lines()).as("what it printed").singleElement().asString()
                        .startsWith("server: ")
                        .contains("port " + port + " on 127.0.0.1 (server.port) is already in use")
                        .contains("by pid " + ProcessHandle.current().pid() + " (java)")
                        .containsPattern("e\\.g\\. -D server\\.port=\\d+ \\(free now\\)");
            }
        }
    }

    private static String run(BackupClientFixture client, Path work, String name, String... command) throws Exception {
        try (AppProcess process = AppProcess.start(client.commandLine(command), work.resolve("logs/" + name + ".log"))) {
            assertThat(process.waitFor(120)).as("exit code of %s; output:%n%s", name, process.log()).isZero();
            return process.log();
        }
    }

    /** Runs the command under script(1): stdin and stdout are a pty, as in a person's terminal. */
    private static String atTerminal(BackupClientFixture client, Path work, String... command) throws Exception {
        String line = client.commandLine(command).stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        List<String> script = new ArrayList<>(List.of("script", "-qec", line, "/dev/null"));
        Path log = work.resolve("logs/terminal.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(script).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("TERM", "xterm");
        builder.environment().put("MYSQL_BACKUP_LOGBACK", TestPaths.home().resolve("config/logback.xml").toString());
        Process process = builder.start();
        boolean ended = process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS);
        String output = Files.readString(log);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        assertThat(ended && process.exitValue() == 0).as("send at a terminal ended with 0; output:%n%s", output).isTrue();
        return output;
    }
}
