package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.cli.MysqlBackupCommand;
import org.mysqlbackup.client.BackupSummary;
import org.mysqlbackup.fetch.BackupSelector;
import org.mysqlbackup.fetch.FetchException;
import org.mysqlbackup.fetch.FetchProgress;
import org.mysqlbackup.fetch.FetchedBackup;
import org.mysqlbackup.fetch.StoredBackupInfo;
import org.mysqlbackup.server.FetchChunkHandler;
import org.mysqlbackup.server.StoredBackups;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FaultProxy;
import org.mysqlbackup.testing.Hashes;
import org.mysqlbackup.testing.RandomFiles;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Fetching stored backups back from the real server over real mutual TLS: the fetched file is the
 * stored one byte for byte, a fetch cut in the middle resumes asking only for the chunks it does
 * not have, and a client can neither fetch nor learn of another client's backup.
 */
class FetchIT {
    private static final int CHUNK = 256 * 1024;
    private static final long SIZE = 40L * CHUNK + 4321;
    private static final int CHUNKS = (int) ((SIZE + CHUNK - 1) / CHUNK);
    private static final ListAppender<ILoggingEvent> SERVER_LOG = new ListAppender<>();

    private static Path work;
    private static TestCertificates certs;
    private static BackupServerFixture server;
    private static Path stored;
    private static BackupSummary sent;
    private static Logger storedBackupsLogger;

    @BeforeAll
    static void storeABackup() throws Exception {
        work = TestPaths.scratch(FetchIT.class);
        certs = TestCertificates.create(work.resolve("certs"));
        server = BackupServerFixture.start(work, certs);
        storedBackupsLogger = (Logger) LoggerFactory.getLogger(StoredBackups.class);
        SERVER_LOG.start();
        storedBackupsLogger.addAppender(SERVER_LOG);
        Path file = RandomFiles.create(work.resolve("payload.zip"), SIZE, 7);
        sent = client("owner", server.port()).send(file);
        assertThat(sent.status()).as("the upload: %s", sent.error()).isEqualTo("Completed");
        stored = server.storageRoot().resolve(sent.path());
    }

    @AfterAll
    static void stopServer() {
        storedBackupsLogger.detachAppender(SERVER_LOG);
        server.close();
    }

    @Test
    void theFetchedFileIsTheStoredOneAndTheListShowsIt() throws Exception {
        BackupClientFixture owner = client("owner", server.port());
        List<StoredBackupInfo> listed = owner.withFetcher(fetcher -> fetcher.list(null));
        assertThat(listed).hasSize(1);
        StoredBackupInfo info = listed.get(0);
        assertThat(info.size()).isEqualTo(SIZE);
        assertThat(info.sha256()).isEqualTo(Hashes.sha256(stored));
        assertThat(info.clientId()).isEqualTo("owner");
        assertThat(info.configName()).isEqualTo("it");
        List<StoredBackupInfo> ofAnother = owner.withFetcher(fetcher -> fetcher.list("another-configuration"));
        assertThat(ofAnother).isEmpty();

        Path out = work.resolve("fetched-by-id");
        List<Long> reported = new ArrayList<>();
        FetchedBackup byId = owner.withFetcher(fetcher -> fetcher.fetch(BackupSelector.byId(info.id()), out,
                (done, total) -> reported.add(done)));
        assertThat(byId.info()).isEqualTo(info);
        assertThat(Hashes.sha256(byId.zip())).isEqualTo(Hashes.sha256(stored));
        assertThat(Files.size(byId.zip())).isEqualTo(SIZE);
        assertThat(reported).isSorted().last().isEqualTo(SIZE);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("work files removed on success")
                    .containsExactly("fetch-" + info.id() + ".zip");
        }

        FetchedBackup latest = owner.withFetcher(fetcher -> fetcher.fetch(BackupSelector.latest("it"),
                work.resolve("fetched-latest"), FetchProgress.NONE));
        assertThat(latest.info().id()).isEqualTo(info.id());
        assertThat(Hashes.sha256(latest.zip())).isEqualTo(info.sha256());
        assertThatThrownBy(() -> owner.withFetcher(fetcher -> fetcher.fetch(
                BackupSelector.at("it", info.createdAt().minusSeconds(3600)), work.resolve("fetched-at"),
                FetchProgress.NONE)))
                .as("nothing was taken an hour before it").isInstanceOf(FetchException.class)
                .hasMessageContaining("no stored backup");
    }

    @Test
    void aFetchCutInTheMiddleResumesAskingOnlyForTheMissingChunks() throws Exception {
        long id = ownersBackupId();
        Path out = work.resolve("fetched-after-cut");
        FetchChunkHandler served = server.bean("serveChunk", FetchChunkHandler.class);
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", server.port())) {
            BackupClientFixture owner = client("owner", proxy.port()).set("transfer.chunks-in-flight", "3");
            AtomicBoolean cut = new AtomicBoolean();
            // a third of the way in, the network goes away for longer than the retries last
            FetchProgress cutter = (done, total) -> {
                if (done >= SIZE / 3 && cut.compareAndSet(false, true)) {
                    proxy.refuseConnections(true);
                    proxy.killAllConnections();
                }
            };
            assertThatThrownBy(() -> owner.withFetcher(fetcher -> fetcher.fetch(BackupSelector.byId(id), out, cutter)))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.resumable()).isTrue());
            Path part = out.resolve("fetch-" + id + ".zip.part");
            Path state = out.resolve("fetch-" + id + ".zip.state");
            assertThat(part).as("kept for the resume").exists();
            long recorded = Files.readAllLines(state).size() - 1;
            assertThat(recorded).as("chunks written before the cut").isBetween(1L, CHUNKS - 1L);

            proxy.refuseConnections(false);
            long before = served.chunksServed();
            FetchedBackup fetched = owner.withFetcher(fetcher -> fetcher.fetch(BackupSelector.byId(id), out,
                    FetchProgress.NONE));

            assertThat(served.chunksServed() - before).as("chunks the resume asked for")
                    .isEqualTo(CHUNKS - recorded);
            assertThat(Hashes.sha256(fetched.zip())).isEqualTo(Hashes.sha256(stored));
            assertThat(part).doesNotExist();
            assertThat(state).doesNotExist();
        }
    }

    @Test
    void anotherClientIsToldTheBackupDoesNotExistAndTheAttemptIsLogged() throws Exception {
        long id = ownersBackupId();
        long nonexistent = id + 1000;
        BackupClientFixture intruder = client("intruder", server.port());
        synchronized (SERVER_LOG) {
            SERVER_LOG.list.clear();
        }

        String refused = fetchFailure(intruder, id, work.resolve("intruder-1"));
        String missing = fetchFailure(intruder, nonexistent, work.resolve("intruder-2"));

        assertThat(refused.replace(Long.toString(id), "ID")).as("the same answer as for a backup that does not exist")
                .isEqualTo(missing.replace(Long.toString(nonexistent), "ID"));
        assertThat(refused).contains("no stored backup with id " + id);
        List<StoredBackupInfo> intrudersList = intruder.withFetcher(fetcher -> fetcher.list(null));
        assertThat(intrudersList).as("another client's backups are not listed").isEmpty();
        assertThat(work.resolve("intruder-1").resolve("fetch-" + id + ".zip")).doesNotExist();
        synchronized (SERVER_LOG) {
            assertThat(SERVER_LOG.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("intruder").contains("backup " + id))
                    .noneSatisfy(line -> assertThat(line).contains("backup " + nonexistent));
        }
    }

    @Test
    void listAndFetchCommandsWorkAndExitTwoWhenTheServerCannotBeReached() throws Exception {
        BackupClientFixture owner = client("owner", server.port());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(cli(owner, out, err, "list")).as("stderr: %s", err).isZero();
        assertThat(out.toString().lines()).hasSize(2).last().asString()
                .startsWith(Long.toString(ownersBackupId())).contains(Hashes.sha256(stored));

        Path dir = work.resolve("fetched-by-cli");
        StringWriter fetchOut = new StringWriter();
        StringWriter fetchErr = new StringWriter();
        assertThat(cli(owner, fetchOut, fetchErr, "fetch", "--latest", "--config", "it", "--output", dir.toString()))
                .as("stderr: %s", fetchErr).isZero();
        Path zip = dir.resolve("fetch-" + ownersBackupId() + ".zip").toAbsolutePath();
        assertThat(fetchOut.toString().lines()).last().isEqualTo(zip.toString());
        assertThat(Hashes.sha256(zip)).isEqualTo(Hashes.sha256(stored));
        assertThat(fetchErr.toString()).as("progress").contains("(100%)");
        assertThat(cli(owner, new StringWriter(), new StringWriter(), "fetch", "--output", dir.toString()))
                .as("no selection").isEqualTo(2);

        BackupClientFixture unreachable = client("owner", TestPaths.freePort())
                .set("transfer.retry.max-redeliveries", "0");
        StringWriter err2 = new StringWriter();
        assertThat(cli(unreachable, new StringWriter(), err2, "list")).isEqualTo(2);
        assertThat(err2.toString()).contains("cannot be reached");
    }

    private static int cli(BackupClientFixture client, StringWriter out, StringWriter err, String... command) {
        List<String> args = new ArrayList<>(client.commandLine(command));
        args.set(0, "client");
        CommandLine cli = MysqlBackupCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }

    private static String fetchFailure(BackupClientFixture client, long id, Path out) {
        try {
            client.withFetcher(fetcher -> fetcher.fetch(BackupSelector.byId(id), out, FetchProgress.NONE));
        } catch (FetchException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("expected a FetchException", e);
        }
        throw new AssertionError("backup " + id + " was fetched by another client");
    }

    private static long ownersBackupId() throws Exception {
        return client("owner", server.port()).withFetcher(fetcher -> fetcher.list(null)).get(0).id();
    }

    private static BackupClientFixture client(String name, int port) throws Exception {
        return new BackupClientFixture(work.resolve("client-" + name + "-" + port), port,
                certs.properties(certs.client(name)))
                .set("transfer.chunk-size", Integer.toString(CHUNK))
                .set("transfer.retry.max-redeliveries", "2")
                .set("transfer.retry.initial-delay-ms", "50")
                .set("transfer.retry.max-delay-ms", "100");
    }
}
