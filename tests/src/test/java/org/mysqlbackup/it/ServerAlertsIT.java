package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.FrameType;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolError;
import org.mysqlbackup.protocol.TransferStored;
import org.mysqlbackup.retention.RetentionEnforcer;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FrameSocket;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.tls.PasswordFiles;
import org.mysqlbackup.transfer.Digests;

/**
 * The server's own alerts, through both channels of the shipped alert.* keys: mail to a real SMTP
 * server (GreenMail) and a webhook to a real local HTTP server. Each trigger gives exactly one
 * mail and one POST: a transfer refused at finalize (its whole-file SHA-256 does not match), a
 * stored backup retention cannot delete (made immutable with chattr +i, which even root cannot
 * delete), and a configuration whose client sends a 3 s interval: one OVERDUE while it is late
 * (checked every 500 ms, 1 s grace), one BACK_TO_NORMAL when a Completed backup arrives.
 * The OVERDUE is not repeated by a restart of the server. {@code backup-server overdue} (its own
 * JVM) exits 0 with nothing late and 1 listing the late one. Each on a server of its own: a client
 * refused at the TLS handshake (a certificate from another CA) {@code tls.handshake-alert-after}
 * times, and then again, gives one HANDSHAKE_REFUSED; a server certificate expiring within
 * {@code tls.expiry-warning-days} gives one CERTIFICATE_EXPIRING at start-up, not repeated by the
 * next checks.
 */
class ServerAlertsIT {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 64 * 1024;
    private static final String SERVER = "backup-it";

    private final GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
    private final List<JsonNode> posts = new CopyOnWriteArrayList<>();
    private HttpServer webhook;
    private final List<Path> immutable = new ArrayList<>();

    @BeforeEach
    void channels() throws Exception {
        smtp.start();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            posts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Path file : immutable) {
            chattr("-i", file); // or the scratch folder could never be removed
        }
        webhook.stop(0);
        smtp.stop();
    }

    @Test
    void eachTriggerAlertsOncePerChannel() throws Exception {
        Path work = TestPaths.scratch(ServerAlertsIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path c1 = certs.client("c1");
        Map<String, String> settings = alertSettings(Map.of(
                "retention.enabled", "false",
                "retention.keep-last", "1",
                "overdue.check-interval-ms", "500",
                "overdue.grace-ms", "1000"));
        String finalizeSubject;
        String retentionSubject;
        String overdueSubject;
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, settings)) {
            assertThat(overdueCommand(work, certs, "nothing-late.log").waitFor(120)).as("nothing is late yet").isZero();

            // (a) the whole file does not match what the client announced
            byte[] file = bytes(1, 2 * CHUNK);
            byte[] announced = bytes(2, 2 * CHUNK);
            Frame refused = send(server, certs, c1, new InitTransfer(UUID.randomUUID().toString(), "bad", "bad.zip",
                    file.length, CHUNK, Digests.sha256Hex(announced), md5(announced), System.currentTimeMillis()), file);
            assertThat(refused.type()).isEqualTo(FrameType.ERROR);
            assertThat(CODEC.read(refused, ProtocolError.class).code()).isEqualTo(ErrorCode.FILE_CHECKSUM_MISMATCH);
            finalizeSubject = "[mysql-backup] CRITICAL on " + SERVER
                    + ": transfer from client 'c1' (config 'bad') refused at finalize";
            awaitAlerts(1);
            assertThat(subjects()).containsExactly(finalizeSubject);
            assertThat(posts).singleElement().satisfies(post -> {
                assertThat(post.get("kind").asText()).isEqualTo("FINALIZE_REFUSED");
                assertThat(post.get("subject").asText()).isEqualTo(finalizeSubject);
            });

            // (b) two stored backups of 'ret', retention keeps one; the older cannot be deleted
            // (real backup zips: retention re-checks the newer one before it relies on it)
            byte[] olderZip = backupZip(3);
            byte[] newerZip = backupZip(4);
            Frame first = send(server, certs, c1, good("ret", olderZip, null), olderZip);
            send(server, certs, c1, good("ret", newerZip, null), newerZip);
            Path older = server.storageRoot().resolve(CODEC.read(first, TransferStored.class).storedPath());
            chattr("+i", older);
            immutable.add(older);
            RetentionEnforcer retention = server.bean("applyRetention", RetentionEnforcer.class);
            assertThat(retention.apply().failed()).hasSize(1);
            assertThat(retention.apply().failed()).as("still failing on the next run").hasSize(1);
            awaitAlerts(2);
            retentionSubject = "[mysql-backup] FAILURE on " + SERVER
                    + ": retention could not delete a backup of client 'c1' (config 'ret')";
            assertThat(subjects()).containsExactly(finalizeSubject, retentionSubject);
            assertThat(posts.get(1).get("kind").asText()).isEqualTo("RETENTION_FAILED");
            assertThat(older).exists();

            // (c) the client says 'main' runs every 3 s; after 3 s + 1 s of grace it is overdue, once
            send(server, certs, c1, good("main", bytes(5, CHUNK), 3000L), bytes(5, CHUNK));
            awaitAlerts(3);
            overdueSubject = "[mysql-backup] CRITICAL on " + SERVER
                    + ": backup of client 'c1' (config 'main') is overdue";
            assertThat(subjects()).endsWith(overdueSubject);
            Thread.sleep(2500); // five more checks: still late, no second alert
            assertThat(smtp.getReceivedMessages()).hasSize(3);
            assertThat(posts).hasSize(3);
            assertThat(posts.get(2).get("kind").asText()).isEqualTo("OVERDUE");

            AppProcess late = overdueCommand(work, certs, "late.log");
            assertThat(late.waitFor(120)).as(late.log()).isEqualTo(1);
            assertThat(late.log()).containsPattern("c1\\s+main\\s+20\\d\\d-").contains("1 configuration(s) overdue.");
        }
        // a restart while it is overdue: the state is in the database, no second OVERDUE
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, settings)) {
            Thread.sleep(2500);
            assertThat(smtp.getReceivedMessages()).as("no alert repeated after the restart").hasSize(3);
            assertThat(posts).hasSize(3);

            // a Completed backup: back to normal, once
            send(server, certs, c1, good("main", bytes(6, CHUNK), 3000L), bytes(6, CHUNK));
            awaitAlerts(4);
            assertThat(subjects()).containsExactly(finalizeSubject, retentionSubject, overdueSubject,
                    "[mysql-backup] CRITICAL on " + SERVER + ": backup of client 'c1' (config 'main') back to normal");
            assertThat(posts.get(3).get("kind").asText()).isEqualTo("BACK_TO_NORMAL");
            assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[2])).contains("Client:         c1",
                    "Configuration:  main", "WHAT TO DO NOW");
        }
    }

    @Test
    void repeatedHandshakeRefusalsOfOneClientAlertOnce() throws Exception {
        Path work = TestPaths.scratch(ServerAlertsIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path rogue = certs.untrustedClient("rogue-1"); // CN=rogue-1, signed by another CA
        try (BackupServerFixture server = BackupServerFixture.start(work, certs,
                alertSettings(Map.of("tls.handshake-alert-after", "3")))) {
            // The server raises the alert while it checks the certificate and sends it on its
            // own thread: the handshake does not wait for the mail server.
            refuse(server, certs, rogue);
            refuse(server, certs, rogue);
            assertAlertsStay(0); // twice is not yet "repeatedly"

            refuse(server, certs, rogue);
            awaitAlerts(1);
            String subject = "[mysql-backup] FAILURE on " + SERVER + ": TLS handshake refused for client 'rogue-1'";
            assertThat(subjects()).containsExactly(subject);
            assertThat(posts).singleElement().satisfies(post -> {
                assertThat(post.get("kind").asText()).isEqualTo("HANDSHAKE_REFUSED");
                assertThat(post.get("severity").asText()).isEqualTo("FAILURE");
                assertThat(post.get("subject").asText()).isEqualTo(subject);
                assertThat(post.get("clientId").asText()).isEqualTo("rogue-1");
                assertThat(post.get("reason").asText()).startsWith("client rogue-1 (last from 127.0.0.1:")
                        .contains("refused at the TLS handshake at least 3 times within 60 min",
                                "last reason: certificate not trusted");
            });
            assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0])).contains("Event:          HANDSHAKE_REFUSED",
                    "Client:         rogue-1", "WHAT TO DO NOW");

            // it goes on retrying: still refused, but no second alert within the hour
            for (int attempt = 0; attempt < 4; attempt++) {
                refuse(server, certs, rogue);
            }
            assertAlertsStay(1);
            assertThat(server.storedFiles()).isEmpty();
        }
    }

    @Test
    void serverCertificateExpiringWithinTheWarningPeriodAlertsOnceAtStartUp() throws Exception {
        Path work = TestPaths.scratch(ServerAlertsIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        X509Certificate own = ownCertificate(certs.serverKeyStore());
        // TestCertificates: server certificate 400 days, CA 3650 days; 1000 days of warning
        // catch the first and not the second
        Instant notAfter = own.getNotAfter().toInstant();
        assertThat(notAfter).isBetween(Instant.now().plus(Duration.ofDays(399)), Instant.now().plus(Duration.ofDays(401)));
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, alertSettings(Map.of(
                "tls.expiry-warning-days", "1000",
                "tls.expiry-check-initial-delay-ms", "200",
                // checked again every 500 ms instead of daily: the same warning is not sent twice
                "tls.expiry-check-interval-ms", "500")))) {
            awaitAlerts(1);
            String expiring = "the server certificate (" + own.getSubjectX500Principal().getName() + ") expires on "
                    + notAfter + ", in 399 days";
            String subject = "[mysql-backup] FAILURE on " + SERVER + ": " + expiring;
            assertThat(subjects()).containsExactly(subject);
            assertThat(posts).singleElement().satisfies(post -> {
                assertThat(post.get("kind").asText()).isEqualTo("CERTIFICATE_EXPIRING");
                assertThat(post.get("severity").asText()).isEqualTo("FAILURE");
                assertThat(post.get("subject").asText()).isEqualTo(subject);
                assertThat(post.get("clientId").isNull()).isTrue();
                assertThat(post.get("reason").asText()).isEqualTo(expiring);
                assertThat(post.get("action").asText()).contains("Issue a new server keystore");
            });
            assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]))
                    .contains("Event:          CERTIFICATE_EXPIRING", "Reason:         " + expiring,
                            "Issue a new server keystore")
                    .doesNotContain("the CA");
            assertAlertsStay(1); // four more checks, the CA never within the period
        }
    }

    @Test
    void storageThatCannotBeWrittenAlertsOnceAndTheClientSeesNoServerPath() throws Exception {
        Path work = TestPaths.scratch(ServerAlertsIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path c1 = certs.client("c1");
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, alertSettings(Map.of()))) {
            // no new file can be made in the staging folder (immutable: even root cannot), as
            // after a restore with the wrong owner or a read-only remount
            Path staging = server.storageRoot().resolve(".staging");
            chattr("+i", staging);
            immutable.add(staging);
            for (int attempt = 0; attempt < 3; attempt++) {
                byte[] file = bytes(10 + attempt, CHUNK);
                try (FrameSocket socket = FrameSocket.connect(server.port(), c1, certs.trustStore())) {
                    socket.send(CODEC.frame(good("main", file, null)));
                    Frame refused = socket.receive();
                    assertThat(refused.type()).isEqualTo(FrameType.ERROR);
                    ProtocolError error = CODEC.read(refused, ProtocolError.class);
                    assertThat(error.message()).as("what the client reads")
                            .startsWith("the server cannot write")
                            .contains("to its storage (operation not permitted)", "its operators were alerted")
                            .doesNotContain(server.storageRoot().toString()).doesNotContain(".staging")
                            .doesNotContain(work.toString());
                }
            }
            awaitAlerts(1);
            assertAlertsStay(1); // three refusals, one alert
            String subject = "[mysql-backup] FAILURE on " + SERVER + ": storage cannot be written, refused client"
                    + " 'c1' (config 'main')";
            assertThat(subjects()).containsExactly(subject);
            assertThat(posts).singleElement().satisfies(post -> {
                assertThat(post.get("kind").asText()).isEqualTo("STORAGE_UNWRITABLE");
                assertThat(post.get("subject").asText()).isEqualTo(subject);
            });

            // writable again: the next transfer is stored
            chattr("-i", staging);
            immutable.remove(staging);
            Frame stored = send(server, certs, c1, good("main", bytes(20, CHUNK), null), bytes(20, CHUNK));
            assertThat(stored.type()).isEqualTo(FrameType.STORED);
        }
    }

    /** The shipped alert.* keys pointed at this test's SMTP and webhook servers, plus {@code extra}. */
    private Map<String, String> alertSettings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "alert.host-name", SERVER,
                "alert.mail.enabled", "true",
                "alert.mail.host", "127.0.0.1",
                "alert.mail.port", Integer.toString(smtp.getSmtp().getPort()),
                "alert.mail.security", "none",
                "alert.mail.from", "mysql-backup@example.org",
                "alert.mail.to", "ops@example.org",
                "alert.webhook.url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook?token=s3"));
        settings.putAll(extra);
        return settings;
    }

    /** One connection with {@code keys}, which the server must refuse at the TLS handshake. */
    private static void refuse(BackupServerFixture server, TestCertificates certs, Path keys) {
        Throwable failure = catchThrowable(() -> {
            try (FrameSocket socket = FrameSocket.connect(server.port(), keys, certs.trustStore())) {
                // with TLS 1.3 the client learns of the refusal on its first read
                socket.send(CODEC.frame(new InitTransfer(UUID.randomUUID().toString(), "x", "x.zip", 1, CHUNK,
                        "0".repeat(64), "0".repeat(32), 0)));
                socket.receive();
            }
        });
        assertThat(failure).isInstanceOfAny(javax.net.ssl.SSLException.class, java.net.SocketException.class,
                java.io.EOFException.class);
    }

    /** Exactly {@code count} mails and POSTs, and no more for a second. */
    private void assertAlertsStay(int count) {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(subjects()).as("mails").hasSize(count);
            assertThat(posts).as("webhook POSTs").hasSize(count);
        });
    }

    private static X509Certificate ownCertificate(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PasswordFiles.read(TestCertificates.passwordFile(keyStore)));
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return (X509Certificate) store.getCertificate(alias);
            }
        }
        throw new AssertionError("no key entry in " + keyStore);
    }

    private void awaitAlerts(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= count
                && posts.size() >= count);
        assertThat(smtp.getReceivedMessages()).hasSize(count);
        assertThat(posts).hasSize(count);
    }

    private List<String> subjects() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            subjects.add(mail.getSubject());
        }
        return subjects;
    }

    private static InitTransfer good(String config, byte[] file, Long intervalMs) {
        return new InitTransfer(UUID.randomUUID().toString(), config, config + ".zip", file.length, CHUNK,
                Digests.sha256Hex(file), md5(file), System.currentTimeMillis(), null, intervalMs);
    }

    /** One whole transfer over a real TLS connection; the answer to FINALIZE. */
    private static Frame send(BackupServerFixture server, TestCertificates certs, Path keys, InitTransfer init,
                              byte[] file) throws Exception {
        return FrameSocket.transfer(server.port(), keys, certs.trustStore(), init, file);
    }

    private static AppProcess overdueCommand(Path work, TestCertificates certs, String log) throws Exception {
        List<String> command = new ArrayList<>(List.of(TestPaths.home().resolve("bin/backup-server").toString(),
                "--config", TestPaths.serverConfig().toString(),
                "-D", "db.file=" + work.resolve("server.db"),
                "-D", "overdue.grace-ms=1000"));
        command.add("overdue");
        return AppProcess.start(command, work.resolve(log));
    }

    private static void chattr(String flag, Path file) throws Exception {
        Process chattr = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
        String output = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chattr.waitFor()).as("chattr %s %s: %s", flag, file, output).isZero();
    }

    /** A backup zip as the client makes it: a data file, then the manifest. */
    private static byte[] backupZip(long seed) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream zip =
                     new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(out)) {
            zip.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("ibdata1"));
            zip.write(bytes(seed, CHUNK));
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(
                    org.mysqlbackup.snapshot.BackupManifest.ENTRY_NAME));
            zip.write(org.mysqlbackup.snapshot.BackupManifest.before("c1", "ret", "10.11.6-MariaDB",
                    Path.of("/var/lib/mysql"), List.of()).toJson());
            zip.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    private static byte[] bytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] bytes) {
        return HexFormat.of().formatHex(Digests.md5().digest(bytes));
    }
}
