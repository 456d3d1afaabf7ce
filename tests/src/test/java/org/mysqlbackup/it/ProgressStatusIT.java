package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.cli.MysqlBackupCommand;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FaultProxy;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import picocli.CommandLine;

/**
 * While a transfer runs, {@code backup-client status} (another command, reading the client's
 * database) shows its progress; the percentage never goes back and the finished backup is listed.
 */
class ProgressStatusIT {
    private static final Pattern PERCENT = Pattern.compile("Transferring \\(transfer\\): ([0-9.]+)%");

    @Test
    void statusShowsMonotonicProgressWhileTheTransferRuns() throws Exception {
        Path work = TestPaths.scratch(ProgressStatusIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path file = RandomFiles.create(work.resolve("payload.bin"), 24L << 20, 3);
        try (BackupServerFixture server = BackupServerFixture.start(work, certs);
             FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port())) {
            proxy.throttle(6L << 20);
            BackupClientFixture client = new BackupClientFixture(work.resolve("client"), proxy.port(),
                    certs.properties(certs.client("watched")))
                    .set("transfer.chunk-size", "1MiB")
                    .set("transfer.progress-interval-ms", "200");
            CompletableFuture<BackupSummary> sending = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(file);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Double> seen = new ArrayList<>();
            while (!sending.isDone()) {
                Matcher m = PERCENT.matcher(status(client));
                if (m.find()) {
                    seen.add(Double.parseDouble(m.group(1)));
                }
                Thread.sleep(100);
            }
            BackupSummary summary = sending.get(60, TimeUnit.SECONDS);
            assertThat(summary.status()).isEqualTo("Completed");
            assertThat(seen).as("percentages shown while running").hasSizeGreaterThan(3);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i)).as("progress never goes back").isGreaterThanOrEqualTo(seen.get(i - 1));
            }
            assertThat(seen.get(seen.size() - 1)).isGreaterThan(seen.get(0));
            String after = status(client);
            assertThat(after).contains("No backup is running.").contains("backup " + summary.backupId() + " 'it'")
                    .contains("Completed");
        }
    }

    private static String status(BackupClientFixture client) {
        List<String> args = new ArrayList<>(List.of("client", "--config", TestPaths.clientConfig().toString()));
        for (Map.Entry<String, String> p : client.properties().entrySet()) {
            args.add("-D");
            args.add(p.getKey() + "=" + p.getValue());
        }
        args.add("status");
        StringWriter out = new StringWriter();
        CommandLine cli = MysqlBackupCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(args.toArray(String[]::new))).isZero();
        return out.toString();
    }
}
