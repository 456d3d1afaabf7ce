package org.mysqlbackup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mysqlbackup.protocol.ClientId;
import org.mysqlbackup.tls.CertificateAuthority;
import org.mysqlbackup.tls.IssuedCertificates;
import org.mysqlbackup.tls.KeystoreCertificates;
import org.mysqlbackup.tls.PasswordFiles;
import org.mysqlbackup.tls.RevocationList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backup-server certs init|server|client|list|revoke}: a private CA and the PKCS#12
 * keystores of the server and each client, so mutual TLS works in minutes. Every keystore gets a
 * random password in a {@code .password} file beside it (mode 0600); the apps read it through
 * {@code tls.key-store-password-file}. Nothing existing is ever overwritten, except the index of
 * issued certificates ({@value IssuedCertificates#FILE_NAME}) and the revocation list
 * ({@value RevocationList#FILE_NAME}), which the server reads beside its truststore.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Create a private CA, issue, list and revoke the server's and clients' keystores.")
public class CertsCommand {
    static final String CA_FILE = "ca.p12";
    static final String TRUSTSTORE_FILE = "truststore.p12";
    static final String SERVER_FILE = "server.p12";
    static final String REVOKED_DIR = "revoked";
    /** The revocation list names a next update; the server reads it whatever that date. */
    private static final Duration CRL_NEXT_UPDATE = Duration.ofDays(30);

    @Spec
    CommandSpec spec;

    // required by each subcommand (requireDir), not by picocli: "certs server --help" must answer without it
    @Option(names = "--dir", paramLabel = "DIR", description = "Folder of the CA and keystores (required).")
    Path dir;

    private void requireDir() {
        if (dir == null) {
            throw new IllegalArgumentException("Missing required option: '--dir=DIR' (the folder of the CA and keystores,"
                    + " before the subcommand: certs --dir DIR ...)");
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the CA (ca.p12, ca.crt), the truststore both sides use (truststore.p12)"
                    + " and an empty revocation list (ca.crl).")
    int init(@Option(names = "--name", defaultValue = "mysql-backup CA", description = "CA common name.") String name,
             @Option(names = "--days", defaultValue = "3650", description = "CA validity in days.") int days)
            throws Exception {
        requireDir();
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("--name must be 1 to 64 characters, not blank");
        }
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create(name, Duration.ofDays(days));
        ca.save(dir.resolve(CA_FILE), newPassword(CA_FILE));
        ca.writeCertificatePem(dir.resolve("ca.crt"));
        ca.writeTrustStore(dir.resolve(TRUSTSTORE_FILE), newPassword(TRUSTSTORE_FILE));
        ca.writeRevocationList(dir.resolve(RevocationList.FILE_NAME), Map.of(), CRL_NEXT_UPDATE);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created CA '" + name + "' in " + dir.resolve(CA_FILE) + " (keep it and its .password file safe),");
        out.println("valid until " + ca.certificate().getNotAfter().toInstant() + ",");
        out.println("and the truststore " + dir.resolve(TRUSTSTORE_FILE) + " for the server and every client.");
        return ExitCodes.OK;
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Issue the server's keystore (server.p12) for the names clients connect to.")
    int server(@Option(names = "--name", required = true, description = "Host name or IP clients connect to.") String name,
               @Option(names = "--san", description = "Further DNS names or IPs (repeatable).") List<String> sans,
               @Option(names = "--days", defaultValue = "825", description = "Validity in days.") int days)
            throws Exception {
        requireDir();
        CertificateAuthority.requireServerNames(name, sans == null ? List.of() : sans);
        CertificateAuthority ca = loadCa();
        Path keystore = dir.resolve(SERVER_FILE);
        X509Certificate cert = ca.issueServer(name, sans == null ? List.of() : new ArrayList<>(sans),
                Duration.ofDays(days), keystore, newPassword(SERVER_FILE));
        index().add(entry("server", name, cert));
        printUsage("server.properties", keystore, cert);
        return ExitCodes.OK;
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Issue a client's keystore (client-<id>.p12); the id names the client on the server.")
    int client(@Option(names = "--id", required = true,
                       description = "Client id, e.g. the host name: " + ClientId.RULE + ".") String id,
               @Option(names = "--days", defaultValue = "825", description = "Validity in days.") int days)
            throws Exception {
        requireDir();
        requireClientId(id);
        CertificateAuthority ca = loadCa();
        String file = clientFile(id);
        Path keystore = dir.resolve(file);
        X509Certificate cert = ca.issueClient(id, Duration.ofDays(days), keystore,
                newPassword(file));
        index().add(entry("client", id, cert));
        printUsage("client.properties", keystore, cert);
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the CA and every issued certificate: serial, kind, name, expiry, state.")
    int list() throws Exception {
        requireDir();
        CertificateAuthority ca = loadCa();
        adoptUnindexedKeystores();
        Instant now = Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        X509Certificate caCert = ca.certificate();
        out.printf("CA %s, valid until %s (%s)%n", caCert.getSubjectX500Principal().getName(),
                caCert.getNotAfter().toInstant(), caCert.getNotAfter().toInstant().isBefore(now) ? "expired" : "valid");
        out.printf("%-32s  %-6s  %-24s  %-20s  %s%n", "SERIAL", "KIND", "NAME", "NOT AFTER", "STATE");
        for (IssuedCertificates.Entry entry : index().entries()) {
            out.printf("%-32s  %-6s  %-24s  %-20s  %s%n", entry.serial().toString(16), entry.kind(), entry.name(),
                    entry.notAfter(), entry.state(now));
        }
        return ExitCodes.OK;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke every valid certificate of a client (--id), or one certificate (--serial): the"
                    + " server refuses it at the next handshake and closes its open connections, without a restart."
                    + " Its keystore moves to revoked/, so 'certs client --id ID' can issue a new one.")
    int revoke(@Option(names = "--id", description = "Client id (" + ClientId.RULE + ").") String id,
               @Option(names = "--serial", paramLabel = "HEX",
                       description = "Serial of one client certificate, as 'certs list' shows it.") String serial)
            throws Exception {
        requireDir();
        if ((id == null) == (serial == null)) {
            throw new IllegalArgumentException("give either --id CLIENT or --serial HEX");
        }
        if (id != null) {
            requireClientId(id);
        }
        BigInteger serialNumber = serial == null ? null : parseSerial(serial);
        CertificateAuthority ca = loadCa();
        adoptUnindexedKeystores();
        IssuedCertificates index = index();
        Instant now = Instant.now();
        List<IssuedCertificates.Entry> revoked = id != null ? index.revokeClient(id, now)
                : index.revokeSerial(serialNumber, now);
        if (revoked.isEmpty()) {
            throw new IllegalArgumentException((id != null ? "client '" + id + "' has no valid certificate"
                    : "no valid client certificate has serial " + serial) + " in " + index.file()
                    + " (see: certs --dir " + dir + " list)");
        }
        Map<BigInteger, Instant> all = new LinkedHashMap<>();
        index.entries().stream().filter(IssuedCertificates.Entry::revoked)
                .forEach(e -> all.put(e.serial(), e.revokedAt()));
        ca.writeRevocationList(dir.resolve(RevocationList.FILE_NAME), all, CRL_NEXT_UPDATE);
        PrintWriter out = spec.commandLine().getOut();
        for (IssuedCertificates.Entry entry : revoked) {
            out.println("Revoked the certificate of client " + entry.name() + ", serial "
                    + entry.serial().toString(16) + " (it would have expired " + entry.notAfter() + ").");
            moveRevokedKeystore(entry.name(), revoked);
        }
        out.println("The revocation list " + dir.resolve(RevocationList.FILE_NAME) + " now lists " + all.size()
                + " certificate(s); a server whose tls.trust-store is " + dir.resolve(TRUSTSTORE_FILE)
                + " refuses them from its next handshake and closes their open connections.");
        out.println("Issue a new certificate with: certs --dir " + dir + " client --id " + revoked.get(0).name());
        return ExitCodes.OK;
    }

    private static BigInteger parseSerial(String serial) {
        try {
            return new BigInteger(serial.strip().replace(":", ""), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--serial '" + serial + "' is not a hexadecimal serial number");
        }
    }

    private static void requireClientId(String id) {
        if (!ClientId.isValid(id)) {
            throw new IllegalArgumentException("--id '" + id + "' is not a valid client id: it must be "
                    + ClientId.RULE + " (it becomes the certificate's CN, a file name here and a folder on the"
                    + " server)");
        }
    }

    private static String clientFile(String id) {
        return "client-" + id + ".p12";
    }

    private IssuedCertificates index() {
        return new IssuedCertificates(dir.resolve(IssuedCertificates.FILE_NAME));
    }

    private static IssuedCertificates.Entry entry(String kind, String name, X509Certificate cert) {
        return new IssuedCertificates.Entry(cert.getSerialNumber(), kind, name, cert.getNotAfter().toInstant(), null);
    }

    /** Indexes keystores issued before the index existed (their password files are beside them). */
    private void adoptUnindexedKeystores() throws Exception {
        IssuedCertificates index = index();
        List<BigInteger> known = index.entries().stream().map(IssuedCertificates.Entry::serial).toList();
        List<Path> keystores = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().matches("client-.+\\.p12|server\\.p12"))
                    .sorted().forEach(keystores::add);
        }
        for (Path keystore : keystores) {
            Path passwordFile = dir.resolve(keystore.getFileName() + ".password");
            if (!Files.exists(passwordFile)) {
                continue;
            }
            boolean server = keystore.getFileName().toString().equals(SERVER_FILE);
            X509Certificate cert = KeystoreCertificates.read(keystore,
                    server ? CertificateAuthority.SERVER_ALIAS : CertificateAuthority.CLIENT_ALIAS,
                    PasswordFiles.read(passwordFile));
            if (!known.contains(cert.getSerialNumber())) {
                String file = keystore.getFileName().toString();
                index.add(entry(server ? "server" : "client",
                        server ? commonName(cert) : file.substring("client-".length(), file.length() - 4), cert));
            }
        }
    }

    private static String commonName(X509Certificate cert) {
        String name = org.mysqlbackup.tls.RevocationCheckingTrustManager.commonName(cert);
        return name == null ? cert.getSubjectX500Principal().getName() : name;
    }

    /** Moves client-ID.p12 and its password file to revoked/, if they hold a revoked certificate. */
    private void moveRevokedKeystore(String id, List<IssuedCertificates.Entry> revoked) throws Exception {
        Path keystore = dir.resolve(clientFile(id));
        Path passwordFile = dir.resolve(clientFile(id) + ".password");
        if (!Files.exists(keystore) || !Files.exists(passwordFile)) {
            return;
        }
        BigInteger serial = KeystoreCertificates.read(keystore, CertificateAuthority.CLIENT_ALIAS,
                PasswordFiles.read(passwordFile)).getSerialNumber();
        if (revoked.stream().noneMatch(e -> e.serial().equals(serial))) {
            return;
        }
        Path target = dir.resolve(REVOKED_DIR);
        Files.createDirectories(target);
        String base = "client-" + id + "-" + serial.toString(16) + ".p12";
        Files.move(keystore, target.resolve(base));
        Files.move(passwordFile, target.resolve(base + ".password"));
        spec.commandLine().getOut().println("Moved its keystore to " + target.resolve(base) + ".");
    }

    private CertificateAuthority loadCa() throws Exception {
        Path caFile = dir.resolve(CA_FILE);
        if (!Files.exists(caFile)) {
            throw new IllegalArgumentException("no CA in " + dir + "; run 'certs --dir " + dir + " init' first");
        }
        return CertificateAuthority.load(caFile, PasswordFiles.read(passwordFile(CA_FILE)));
    }

    /** A password for a keystore about to be written; refuses before anything is created if the keystore exists. */
    private char[] newPassword(String keystoreFile) throws IOException {
        if (Files.exists(dir.resolve(keystoreFile))) {
            throw new IllegalArgumentException(dir.resolve(keystoreFile) + " exists already; it is never overwritten"
                    + " (move it away first if you really mean to replace it, or revoke it: certs revoke --id ID)");
        }
        return PasswordFiles.readOrGenerate(passwordFile(keystoreFile));
    }

    private Path passwordFile(String keystoreFile) {
        return dir.resolve(keystoreFile + ".password");
    }

    private void printUsage(String propertiesFile, Path keystore, X509Certificate cert) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Issued " + cert.getSubjectX500Principal().getName() + ", serial "
                + cert.getSerialNumber().toString(16) + ", valid until " + cert.getNotAfter().toInstant()
                + ". In " + propertiesFile + ":");
        out.println("tls.key-store = " + keystore.toAbsolutePath());
        out.println("tls.key-store-password-file = " + keystore.toAbsolutePath() + ".password");
        out.println("tls.trust-store = " + dir.resolve(TRUSTSTORE_FILE).toAbsolutePath());
        out.println("tls.trust-store-password-file = " + dir.resolve(TRUSTSTORE_FILE + ".password").toAbsolutePath());
    }
}
