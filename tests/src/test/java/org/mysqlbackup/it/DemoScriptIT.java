package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.testing.TestPaths;

/**
 * The README's first command, bin/demo, as a user runs it: through the launchers, the shipped
 * properties and the certs command, a real backup restored and compared.
 */
class DemoScriptIT {
    @Test
    void demoPassesAndLeavesNothingRunning() throws Exception {
        Path log = TestPaths.scratch(DemoScriptIT.class).resolve("demo.log");
        Process demo = new ProcessBuilder(TestPaths.home().resolve("bin/demo").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = demo.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("demo finished within 5 minutes; output:%n%s", output).isTrue();
        assertThat(demo.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output).contains("\"status\":\"Completed\"").contains("CHECKSUM TABLE of all").contains("Demo passed");
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("mysql-backup-demo."))
                .filter(p -> p.info().command().orElse("").contains("mariadbd")
                        || p.info().commandLine().orElse("").contains("mysql-backup.jar")))
                .as("processes the demo started").isEmpty();
    }
}
