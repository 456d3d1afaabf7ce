package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.testing.ReadmeBlocks;
import org.mysqlbackup.testing.TestPaths;

/**
 * Every fenced {@code sh} block of the README that is meant to run, run as a reader pastes it
 * (the rule is in the README, Development, Tests of this README): in file order, each in its own
 * bash, in a sandbox where /etc/mysql-backup and /var/lib/mysql-backup are folders of the test.
 * A block that fails is reported with its line in README.md and what it printed.
 */
class ReadmeCommandsIT {
    private static final Path README = TestPaths.home().resolve("README.md");

    @Test
    void everyBlockMeantToRunRunsAndEveryOtherSaysWhy() throws Exception {
        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.shBlocks(Files.readString(README));
        List<String> problems = new ArrayList<>();
        for (ReadmeBlocks.Block b : blocks) {
            if (!b.runs() && b.notRun().isEmpty()) {
                problems.add("README.md line " + b.line() + ": <!-- not-run: --> without a reason");
            }
            // a synopsis run as a shell line is a pipe or a glob: it belongs in a text block
            if (b.runs() && b.text().matches("(?s).*(--config FILE|\\[--|\\bNAME\\b \\|).*")) {
                problems.add("README.md line " + b.line() + ": a synopsis in an sh block (use ```text)");
            }
        }
        assertThat(problems).as("README sh blocks").isEmpty();
        assertThat(blocks.stream().filter(ReadmeBlocks.Block::runs))
                .as("blocks meant to run: certificates, configurations, schedules, revocation").hasSizeGreaterThanOrEqualTo(4);

        Sandbox sandbox = new Sandbox(TestPaths.scratch(ReadmeCommandsIT.class));
        List<String> failures = new ArrayList<>();
        for (ReadmeBlocks.Block b : blocks) {
            if (b.runs()) {
                sandbox.run(b).ifPresent(failures::add);
            }
        }
        assertThat(failures).as("README sh blocks that failed").isEmpty();
    }

    @Test
    void theRuleIsReadAsWritten() {
        String markdown = String.join("\n", "text", "", "```sh", "echo runs", "```", "",
                "<!-- not-run: needs root -->", "```sh", "rm -rf /", "```", "```text", "a | b", "```",
                "<!-- not-run: -->", "", "```sh", "echo", "```");
        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.shBlocks(markdown);

        assertThat(blocks).extracting(ReadmeBlocks.Block::line).containsExactly(3, 8, 16);
        assertThat(blocks.get(0).runs()).isTrue();
        assertThat(blocks.get(0).text()).isEqualTo("echo runs\n");
        assertThat(blocks.get(1).notRun()).isEqualTo("needs root");
        assertThat(blocks.get(2).runs()).as("an empty reason is still not-run, and reported").isFalse();
        assertThat(blocks.get(2).notRun()).isEmpty();
    }

    /** The folders a block sees as /etc/mysql-backup, /var/lib/mysql-backup and HOME, and bin/ of this checkout. */
    private static final class Sandbox {
        private final Path root;
        private final Path etc;
        private final Path varLib;
        private final Path work;
        private final Path logs;

        Sandbox(Path root) throws IOException {
            this.root = root;
            etc = Files.createDirectories(root.resolve("etc/mysql-backup"));
            varLib = Files.createDirectories(root.resolve("var/lib/mysql-backup"));
            work = Files.createDirectories(root.resolve("work"));
            logs = Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("home"));
            Files.createSymbolicLink(work.resolve("bin"), TestPaths.home().resolve("bin"));
            for (String name : List.of("client.properties", "server.properties")) {
                Files.writeString(etc.resolve(name), paths(Files.readString(TestPaths.home().resolve("config/" + name))));
            }
        }

        private String paths(String text) {
            return text.replace("/etc/mysql-backup", etc.toString()).replace("/var/lib/mysql-backup", varLib.toString());
        }

        /** Runs one block; a description of the failure, or empty if it exited 0. */
        java.util.Optional<String> run(ReadmeBlocks.Block block) throws Exception {
            Path log = logs.resolve("line-" + block.line() + ".log");
            ProcessBuilder bash = new ProcessBuilder("bash", "-eu", "-o", "pipefail", "-c", paths(block.text()))
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            bash.environment().put("HOME", root.resolve("home").toString());
            bash.environment().put("REPORTS_MYSQL_PASSWORD", "readme-test-password");
            bash.environment().put("MYSQL_BACKUP_LOGBACK", TestPaths.home().resolve("config/logback.xml").toString());
            Process process = bash.start();
            boolean ended = process.waitFor(5, TimeUnit.MINUTES);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            if (ended && process.exitValue() == 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("README.md line " + block.line() + ": the sh block "
                    + (ended ? "exited " + process.exitValue() : "ran longer than 5 minutes") + "\n" + block.text()
                    + "--- it printed:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
