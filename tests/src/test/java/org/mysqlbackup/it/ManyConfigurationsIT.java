package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.TestPaths;

/**
 * One client host with two MySQL instances: both configurations are imported from a YAML file
 * through the real launcher (passwords as env references), each is backed up by name and the
 * server receives the right data directory for each; a broken file is refused field by field
 * and changes nothing; no password reaches the client database.
 */
class ManyConfigurationsIT {
    private static SampleSite site;
    private static MariaDbSandbox second;

    @BeforeAll
    static void start() throws Exception {
        site = SampleSite.start(ManyConfigurationsIT.class,
                Map.of("storage.file-name-pattern", "{database}_{config}_{seq}.zip"));
        second = MariaDbSandbox.create(TestPaths.sandboxBase());
        second.start();
        second.execute("CREATE DATABASE only_in_beta");
        second.execute("CREATE TABLE only_in_beta.marker (id INT PRIMARY KEY) ENGINE=InnoDB");
        second.execute("INSERT INTO only_in_beta.marker VALUES (7)");
    }

    @AfterAll
    static void stop() {
        try {
            if (second != null) {
                second.close();
            }
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    private static String yaml(String name, MariaDbSandbox mysql, String passwordVariable) {
        return "- name: " + name + "\n"
                + "  settings:\n"
                + "    mysql.port: " + mysql.port() + "\n"
                + "    mysql.user: " + mysql.user() + "\n"
                + "    mysql.password: env:" + passwordVariable + "\n"
                + "    mysql.datadir: " + mysql.datadir() + "\n"
                + "    mysql.pid-file: " + mysql.pidFile() + "\n"
                + "    mysql.service.strategy: command\n"
                + "    mysql.service.stop-command: \"" + mysql.stopCommand().replace("\"", "\\\"") + "\"\n"
                + "    mysql.service.start-command: \"" + mysql.startCommand().replace("\"", "\\\"") + "\"\n";
    }

    private static int run(BackupClientFixture client, Path log, Map<String, String> env, String... command)
            throws Exception {
        try (AppProcess process = AppProcess.start(client.commandLine(command), log, env)) {
            return process.waitFor(300);
        }
    }

    private static List<String> entries(Path zip) throws java.io.IOException {
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            return file.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    @Test
    void twoInstancesOnOneHostAreConfiguredImportedAndBackedUpByName() throws Exception {
        Path work = site.work();
        // client.properties' own instance points nowhere useful: only the stored ones can back up
        BackupClientFixture client = new BackupClientFixture(work.resolve("client"), site.server().port(),
                site.certs().properties(site.certs().client("host-with-two")));
        client.set("snapshot.strategy", "copy");
        Map<String, String> env = Map.of("ALPHA_PW", site.mysql().password(), "BETA_PW", second.password());

        Path broken = work.resolve("broken.yaml");
        Files.writeString(broken, "configurations:\n" + yaml("alpha", site.mysql(), "ALPHA_PW")
                .replace("mysql.port: " + site.mysql().port(), "mysql.port: abc")
                + "- name: beta\n  settings:\n    mysql.password: " + second.password() + "\n"
                + "    snapshot.strategy: hot\n");
        assertThat(run(client, work.resolve("import-broken.log"), env, "config", "import", "--file", broken.toString()))
                .isEqualTo(2);
        String refused = Files.readString(work.resolve("import-broken.log"));
        assertThat(refused).contains("nothing imported")
                .contains("configuration 'alpha': mysql.port: 'abc' is not a whole number")
                .contains("configuration 'beta': mysql.password: a secret is never stored in clear text")
                .contains("configuration 'beta': snapshot.strategy:");
        assertThat(run(client, work.resolve("list-empty.log"), env, "config", "list")).isZero();
        assertThat(Files.readString(work.resolve("list-empty.log"))).contains("No configuration is stored");

        Path file = work.resolve("configurations.yaml");
        Files.writeString(file, "configurations:\n" + yaml("alpha", site.mysql(), "ALPHA_PW")
                + yaml("beta", second, "BETA_PW") + "    mysql.instance-name: reports-db\n");
        assertThat(run(client, work.resolve("import.log"), env, "config", "import", "--file", file.toString()))
                .as(Files.readString(work.resolve("import.log"))).isZero();
        assertThat(run(client, work.resolve("validate.log"), env, "config", "validate")).isZero();
        assertThat(Files.readString(work.resolve("validate.log")))
                .contains("configuration 'alpha': valid", "configuration 'beta': valid");

        assertThat(run(client, work.resolve("backup-alpha.log"), env, "backup-now", "alpha"))
                .as(Files.readString(work.resolve("backup-alpha.log"))).isZero();
        assertThat(run(client, work.resolve("backup-beta.log"), env, "backup-now", "beta"))
                .as(Files.readString(work.resolve("backup-beta.log"))).isZero();
        assertThat(run(client, work.resolve("backup-gamma.log"), env, "backup-now", "gamma")).isEqualTo(1);
        assertThat(Files.readString(work.resolve("backup-gamma.log")))
                .contains("backup failed at pre-flight: no backup configuration named 'gamma'");
        assertThat(second.isRunning()).isTrue();

        List<BackupLogRow> rows = client.logs().recent(10);
        assertThat(rows).extracting(row -> row.configName() + "=" + row.status())
                .containsExactlyInAnyOrder("alpha=Completed", "beta=Completed", "gamma=Failed");
        List<Path> stored = site.server().storedFiles();
        assertThat(stored).hasSize(2);
        // {database}: the instance's name, by default its host and port
        Path alphaZip = stored.stream().filter(p -> p.getFileName().toString()
                .equals("127.0.0.1-" + site.mysql().port() + "_alpha_1.zip")).findFirst().orElseThrow();
        Path betaZip = stored.stream().filter(p -> p.getFileName().toString().equals("reports-db_beta_1.zip"))
                .findFirst().orElseThrow();
        assertThat(entries(betaZip)).anyMatch(n -> n.startsWith("only_in_beta/"));
        assertThat(entries(alphaZip)).isNotEmpty().noneMatch(n -> n.startsWith("only_in_beta/"));

        // no password in the client database (main file and write-ahead log), only the references
        StringBuilder raw = new StringBuilder();
        for (String suffix : List.of("", "-wal")) {
            Path part = Path.of(client.databaseFile() + suffix);
            if (Files.exists(part)) {
                raw.append(new String(Files.readAllBytes(part), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(raw.indexOf(site.mysql().password())).as("alpha's password in the database").isEqualTo(-1);
        assertThat(raw.indexOf(second.password())).as("beta's password in the database").isEqualTo(-1);
        assertThat(raw.indexOf("env:BETA_PW")).as("beta's reference in the database").isNotEqualTo(-1);

        Path exported = work.resolve("exported.yaml");
        assertThat(run(client, work.resolve("export.log"), env, "config", "export", "--file", exported.toString())).isZero();
        assertThat(Files.readString(exported)).contains("name: \"alpha\"", "name: \"beta\"",
                "mysql.password: \"env:ALPHA_PW\"", "mysql.datadir: \"" + second.datadir() + "\"");
    }
}
