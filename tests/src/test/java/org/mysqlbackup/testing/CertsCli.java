package org.mysqlbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mysqlbackup.cli.MysqlBackupCommand;
import picocli.CommandLine;

/** {@code backup-server certs --dir DIR ARGS}, through the launcher's picocli entry, in this JVM. */
public final class CertsCli {
    private CertsCli() {
    }

    /** Runs it, asserts exit 0 (its error output in the message otherwise), returns what it printed. */
    public static String run(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("server", "certs", "--dir", dir.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MysqlBackupCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(all.toArray(String[]::new))).as("certs %s: %s", all, err).isZero();
        return out.toString();
    }
}
