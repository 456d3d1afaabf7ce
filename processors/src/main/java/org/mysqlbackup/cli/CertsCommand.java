package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mysqlbackup.tls.CertificateAuthority;
import org.mysqlbackup.tls.PasswordFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backup-server certs init|server|client}: a private CA and the PKCS#12 keystores of the
 * server and each client, so mutual TLS works in minutes. Every keystore gets a random password
 * in a {@code .password} file beside it (mode 0600); the apps read it through
 * {@code tls.key-store-password-file}. Nothing existing is ever overwritten.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Create a private CA and issue the server's and clients' keystores.")
public class CertsCommand {
    static final String CA_FILE = "ca.p12";
    static final String TRUSTSTORE_FILE = "truststore.p12";
    static final String SERVER_FILE = "server.p12";

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder of the CA and keystores.")
    Path dir;

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the CA (ca.p12, ca.crt) and the truststore both sides use (truststore.p12).")
    int init(@Option(names = "--name", defaultValue = "mysql-backup CA", description = "CA common name.") String name,
             @Option(names = "--days", defaultValue = "3650", description = "CA validity in days.") int days)
            throws Exception {
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create(name, Duration.ofDays(days));
        ca.save(dir.resolve(CA_FILE), newPassword(CA_FILE));
        ca.writeCertificatePem(dir.resolve("ca.crt"));
        ca.writeTrustStore(dir.resolve(TRUSTSTORE_FILE), newPassword(TRUSTSTORE_FILE));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created CA '" + name + "' in " + dir.resolve(CA_FILE) + " (keep it and its .password file safe),");
        out.println("and the truststore " + dir.resolve(TRUSTSTORE_FILE) + " for the server and every client.");
        return ExitCodes.OK;
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Issue the server's keystore (server.p12) for the names clients connect to.")
    int server(@Option(names = "--name", required = true, description = "Host name or IP clients connect to.") String name,
               @Option(names = "--san", description = "Further DNS names or IPs (repeatable).") List<String> sans,
               @Option(names = "--days", defaultValue = "825", description = "Validity in days.") int days)
            throws Exception {
        CertificateAuthority ca = loadCa();
        Path keystore = dir.resolve(SERVER_FILE);
        X509Certificate cert = ca.issueServer(name, sans == null ? List.of() : new ArrayList<>(sans),
                Duration.ofDays(days), keystore, newPassword(SERVER_FILE));
        printUsage("server.properties", keystore, cert);
        return ExitCodes.OK;
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Issue a client's keystore (client-<id>.p12); the id names the client on the server.")
    int client(@Option(names = "--id", required = true, description = "Client id, e.g. the host name.") String id,
               @Option(names = "--days", defaultValue = "825", description = "Validity in days.") int days)
            throws Exception {
        CertificateAuthority ca = loadCa();
        String file = "client-" + id + ".p12";
        Path keystore = dir.resolve(file);
        X509Certificate cert = ca.issueClient(id, Duration.ofDays(days), keystore,
                newPassword(file));
        printUsage("client.properties", keystore, cert);
        return ExitCodes.OK;
    }

    private CertificateAuthority loadCa() throws Exception {
        Path caFile = dir.resolve(CA_FILE);
        if (!Files.exists(caFile)) {
            throw new IllegalArgumentException("no CA in " + dir + "; run 'certs --dir " + dir + " init' first");
        }
        return CertificateAuthority.load(caFile, PasswordFiles.read(passwordFile(CA_FILE)));
    }

    /** A password for a keystore about to be written; refuses before anything is created if the keystore exists. */
    private char[] newPassword(String keystoreFile) throws java.io.IOException {
        if (Files.exists(dir.resolve(keystoreFile))) {
            throw new IllegalArgumentException(dir.resolve(keystoreFile) + " exists already; it is never overwritten"
                    + " (move it away first if you really mean to replace it)");
        }
        return PasswordFiles.readOrGenerate(passwordFile(keystoreFile));
    }

    private Path passwordFile(String keystoreFile) {
        return dir.resolve(keystoreFile + ".password");
    }

    private void printUsage(String propertiesFile, Path keystore, X509Certificate cert) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Issued " + cert.getSubjectX500Principal().getName() + ", valid until " + cert.getNotAfter()
                + ". In " + propertiesFile + ":");
        out.println("tls.key-store = " + keystore.toAbsolutePath());
        out.println("tls.key-store-password-file = " + keystore.toAbsolutePath() + ".password");
        out.println("tls.trust-store = " + dir.resolve(TRUSTSTORE_FILE).toAbsolutePath());
        out.println("tls.trust-store-password-file = " + dir.resolve(TRUSTSTORE_FILE + ".password").toAbsolutePath());
    }
}
