package org.mysqlbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.protocol.ClientId;
import org.mysqlbackup.tls.IssuedCertificates;
import org.mysqlbackup.tls.RevocationList;
import picocli.CommandLine;

class CertsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    @Test
    void anIdThatIsNoSafeFileNameIsRefusedUpFrontNamingTheRule() throws Exception {
        certs("init");
        List<Path> before = files();

        for (String bad : List.of("../../etc", "a/b", ".hidden", "-x", "", "x".repeat(65), "é")) {
            Run run = certs("client", "--id", bad);
            assertThat(run.exit()).as("exit code for '%s'", bad).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("--id '" + bad + "' is not a valid client id").contains(ClientId.RULE);
            assertThat(certs("revoke", "--id", bad).exit()).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(files()).as("nothing written").isEqualTo(before);
    }

    @Test
    void aServerNameThatIsNoHostIsRefusedBeforeAnyFileIsWritten() throws Exception {
        certs("init");
        List<Path> before = files();

        Run run = certs("server", "--name", "not a host");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'not a host' is neither a DNS name");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void listShowsEachCertificateWithItsExpiryAndState() throws Exception {
        assertThat(certs("init").out()).contains("valid until");
        certs("server", "--name", "localhost");
        assertThat(certs("client", "--id", "db-1").out()).contains("CN=db-1, serial ").contains("valid until");
        certs("client", "--id", "db-2");

        String list = certs("list").out();

        assertThat(list).contains("CA CN=mysql-backup CA, valid until")
                .containsPattern("server\\s+localhost\\s+\\S+\\s+valid")
                .containsPattern("client\\s+db-1\\s+20\\d\\d-\\S+Z\\s+valid")
                .containsPattern("client\\s+db-2\\s+\\S+\\s+valid");
    }

    @Test
    void revokeWritesTheListMovesTheKeystoreAwayAndLetsTheIdBeIssuedAgain() throws Exception {
        certs("init");
        certs("client", "--id", "db-1");
        certs("client", "--id", "db-2");

        Run revoke = certs("revoke", "--id", "db-1");

        assertThat(revoke.exit()).isZero();
        assertThat(revoke.out()).contains("Revoked the certificate of client db-1, serial");
        assertThat(dir.resolve(RevocationList.FILE_NAME)).exists();
        assertThat(dir.resolve("client-db-1.p12")).doesNotExist();
        assertThat(dir.resolve("revoked")).isDirectoryContaining("glob:**/client-db-1-*.p12")
                .isDirectoryContaining("glob:**/client-db-1-*.p12.password");
        Run again = certs("revoke", "--id", "db-1");
        assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("client 'db-1' has no valid certificate");
        assertThat(certs("client", "--id", "db-1").exit()).isZero();
        assertThat(certs("list").out()).containsPattern("client\\s+db-1\\s+\\S+\\s+revoked")
                .containsPattern("client\\s+db-1\\s+\\S+\\s+valid")
                .containsPattern("client\\s+db-2\\s+\\S+\\s+valid");
    }

    @Test
    void revokeBySerialRevokesThatCertificateOnly() throws Exception {
        certs("init");
        certs("client", "--id", "db-1");
        Files.move(dir.resolve("client-db-1.p12"), dir.resolve("old.p12"));
        Files.move(dir.resolve("client-db-1.p12.password"), dir.resolve("old.p12.password"));
        certs("client", "--id", "db-1");
        IssuedCertificates index = new IssuedCertificates(dir.resolve(IssuedCertificates.FILE_NAME));
        String oldSerial = index.entries().get(0).serial().toString(16);

        Run revoke = certs("revoke", "--serial", oldSerial);

        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(index.entries()).extracting(IssuedCertificates.Entry::revoked).containsExactly(true, false);
        assertThat(dir.resolve("client-db-1.p12")).as("the newer keystore stays").exists();
        assertThat(certs("revoke", "--serial", oldSerial).exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(certs("revoke", "--serial", "xyz").err()).contains("not a hexadecimal serial");
        assertThat(certs("revoke").err()).contains("give either --id CLIENT or --serial HEX");
        assertThat(certs("revoke", "--id", "db-1", "--serial", oldSerial).exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void keystoresIssuedBeforeTheIndexExistedCanBeRevoked() throws Exception {
        certs("init");
        certs("client", "--id", "db-1");
        Files.delete(dir.resolve(IssuedCertificates.FILE_NAME));

        assertThat(certs("revoke", "--id", "db-1").exit()).isZero();
        assertThat(new IssuedCertificates(dir.resolve(IssuedCertificates.FILE_NAME)).entries())
                .singleElement().satisfies(e -> assertThat(e.revoked()).isTrue());
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return new ArrayList<>(files.sorted().toList());
        }
    }

    @Test
    void aSubcommandsHelpNeedsNoFolderButItsWorkDoes() {
        Run help = run("server", "certs", "server", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--name").contains("--san");

        Run missing = run("server", "certs", "init");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("Missing required option: '--dir=DIR'");
    }

    private Run certs(String... args) {
        List<String> all = new ArrayList<>(List.of("server", "certs", "--dir", dir.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private static Run run(String... all) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MysqlBackupCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }
}
