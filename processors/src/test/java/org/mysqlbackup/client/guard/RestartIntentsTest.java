package org.mysqlbackup.client.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqlbackup.client.run.RunOwner;

/**
 * The folder of restart intents on a real file system: every field comes back as written, a
 * replace leaves one file and no temporary, and a file that is not a readable intent is reported
 * and left where it is for the operator.
 */
class RestartIntentsTest {
    /** {@code RestartIntents.MAX_FILE_BYTES}. */
    private static final int MAX_FILE_BYTES = 64 * 1024;

    @TempDir
    Path temp;

    private Path folder;
    private RestartIntents intents;

    @BeforeEach
    void setUp() {
        folder = temp.resolve("state").resolve("restart-intents");
        intents = new RestartIntents(folder);
    }

    /** Every field set, with characters a naive writer would break (quotes, newline, non-ASCII, emoji). */
    static RestartIntent full(long id) {
        return new RestartIntent(id, "main \"db\" é 日本 🐬", 4242L, "2026-01-02T03:04:05Z", "db.example.org", 3307,
                "/var/lib/mysql", "/run/mysqld/mysqld.pid",
                "systemd unit mariadb,\nstarted with systemctl start mariadb",
                "2026-01-02T03:04:06.123456789Z", "2026-01-02T03:04:09.5Z", "2026-01-02T03:05:00Z", 999L,
                "2026-01-02T03:04:59Z", "2026-01-02T03:10:00Z");
    }

    /** Every nullable field null: what {@link RestartIntent#beforeStop} writes with no pid file or start time. */
    static RestartIntent minimal(long id) {
        return new RestartIntent(id, "cfg", 1L, null, "127.0.0.1", 3306, "/data/mysql", null, "command",
                "2026-05-06T07:08:09Z", null, null, null, null, null);
    }

    @Test
    void everyFieldComesBackFromFindAndList() {
        RestartIntent written = full(7);
        RestartIntent bare = minimal(8);

        intents.record(written);
        intents.record(bare);

        assertThat(intents.find(7)).contains(written);
        assertThat(intents.find(8)).contains(bare);
        RestartIntents.Listing listing = intents.list();
        assertThat(listing.intents()).containsExactly(written, bare);
        assertThat(listing.unreadable()).isEmpty();
        // a second instance over the same folder (the watchdog, the daemon) reads the same
        assertThat(new RestartIntents(folder).find(7)).contains(written);
    }

    @Test
    void anUpdateRoundTripsAsWellAsARecord() {
        intents.update(full(3));

        assertThat(intents.find(3)).contains(full(3));
    }

    @Test
    void oneFileNamedForTheBackupAndNoTemporaryLeft() throws IOException {
        intents.record(minimal(12));
        intents.update(minimal(12).provenDown(Instant.parse("2026-05-06T07:08:10Z")));
        intents.record(minimal(12).startRequested(Instant.parse("2026-05-06T07:08:20Z")));

        assertThat(namesIn(folder)).containsExactly("backup-12.json");
        assertThat(intents.fileOf(12)).isEqualTo(folder.resolve("backup-12.json"));
    }

    @Test
    void updateReplacesTheRecord() {
        RestartIntent first = minimal(5);
        RestartIntent detailed = first.provenDown(Instant.parse("2026-05-06T07:08:10Z"))
                .commandRunning(new RunOwner(777, Instant.parse("2026-05-06T07:08:00Z")));
        intents.record(first);

        intents.update(detailed);

        assertThat(intents.find(5)).contains(detailed);
        assertThat(intents.list().intents()).containsExactly(detailed);
    }

    @Test
    void recordReplacesTheRecord() {
        intents.record(full(5));

        intents.record(minimal(5));

        assertThat(intents.find(5)).contains(minimal(5));
        assertThat(intents.list().intents()).containsExactly(minimal(5));
    }

    @Test
    void clearRemovesAndASecondClearIsFine() throws IOException {
        intents.record(minimal(4));
        intents.record(minimal(6));

        intents.clear(4);
        intents.clear(4);

        assertThat(intents.find(4)).isEmpty();
        assertThat(intents.find(6)).contains(minimal(6));
        assertThat(namesIn(folder)).containsExactly("backup-6.json");
    }

    @Test
    void clearOfAnAbsentFolderIsFineAndCreatesNothing() {
        intents.clear(1);

        assertThat(folder).doesNotExist();
    }

    @Test
    void listIsSortedByBackupIdAsANumberNotAsAName() {
        for (long id : new long[] {10, 9, 100, 2, Long.MAX_VALUE, 1}) {
            intents.record(minimal(id));
        }

        assertThat(intents.list().intents()).extracting(RestartIntent::backupId)
                .containsExactly(1L, 2L, 9L, 10L, 100L, Long.MAX_VALUE);
    }

    @Test
    void anAbsentFolderListsNothingAndFindsNothing() {
        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).isEmpty();
        assertThat(listing.unreadable()).isEmpty();
        assertThat(intents.find(1)).isEmpty();
        assertThat(folder).doesNotExist();
    }

    @Test
    void garbageNamedLikeAnIntentIsReportedAndKept() throws IOException {
        intents.record(minimal(8));
        intents.record(minimal(10));
        Path garbage = folder.resolve("backup-9.json");
        byte[] bytes = "\u0000\u0001 this is not json {".getBytes(StandardCharsets.UTF_8);
        Files.write(garbage, bytes);

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).extracting(RestartIntent::backupId).containsExactly(8L, 10L);
        assertThat(listing.unreadable()).singleElement().asString().contains("backup-9.json");
        assertThat(garbage).exists().hasBinaryContent(bytes);
        assertThatThrownBy(() -> intents.find(9)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("backup-9.json");
        assertThat(garbage).exists().hasBinaryContent(bytes);
    }

    @Test
    void aHalfWrittenIntentIsReportedAndKept() throws IOException {
        intents.record(full(9));
        Path file = folder.resolve("backup-9.json");
        byte[] whole = Files.readAllBytes(file);
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        Files.write(file, half);

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).isEmpty();
        assertThat(listing.unreadable()).singleElement().asString().contains("backup-9.json");
        assertThat(file).hasBinaryContent(half);
    }

    @Test
    void anEmptyFileIsReportedAndKept() throws IOException {
        Files.createDirectories(folder);
        Path empty = Files.createFile(folder.resolve("backup-4.json"));

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).isEmpty();
        assertThat(listing.unreadable()).singleElement().asString().contains("backup-4.json");
        assertThat(empty).exists();
    }

    @Test
    void anIntentWithoutItsStopTimeDataDirectoryOrConfigurationIsIncomplete() throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("backup-3.json"), "{\"backupId\": 3, \"configName\": \"cfg\"}");
        Files.writeString(folder.resolve("backup-4.json"),
                "{\"backupId\": 4, \"stopRequestedAt\": \"2026-01-01T00:00:00Z\", \"dataDirectory\": \"/d\"}");

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).isEmpty();
        assertThat(listing.unreadable()).hasSize(2).allSatisfy(line -> assertThat(line).contains("incomplete"));
        assertThat(folder.resolve("backup-3.json")).exists();
        assertThat(folder.resolve("backup-4.json")).exists();
    }

    @Test
    void aFileHoldingJsonNullIsReportedNotThrown() throws IOException {
        // Jackson reads the literal null as a null intent: list() must report it, not fail on it
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("backup-2.json"), "null");
        intents.record(minimal(1));

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).containsExactly(minimal(1));
        assertThat(listing.unreadable()).singleElement().asString().contains("backup-2.json");
        assertThatThrownBy(() -> intents.find(2)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void jsonThatIsNotAnObjectIsReportedAndKept() throws IOException {
        Files.createDirectories(folder);
        List<String> contents = List.of("[]", "5", "\"backup\"", "true", "{}", "{\"backupId\": \"x\"}");
        for (int i = 0; i < contents.size(); i++) {
            Files.writeString(folder.resolve("backup-" + (100 + i) + ".json"), contents.get(i));
        }

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).isEmpty();
        assertThat(listing.unreadable()).hasSize(contents.size());
    }

    @Test
    void anIntentWhoseTimesDoNotParseIsReportedNotListed() throws IOException {
        // a guard reads owner() and stoppedAt() of every listed intent: one bad time must not stop them all
        intents.record(minimal(1));
        Path file = folder.resolve("backup-1.json");
        Files.writeString(file, Files.readString(file).replace("2026-05-06T07:08:09Z", "yesterday"));
        intents.record(full(2));
        Path other = folder.resolve("backup-2.json");
        Files.writeString(other, Files.readString(other).replace("2026-01-02T03:04:05Z", "at boot"));

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).isEmpty();
        assertThat(listing.unreadable()).hasSize(2);
    }

    @Test
    void anIntentFiledUnderAnotherBackupsNameIsReportedNotListed() throws IOException {
        // found as backup 10, it would be cleared as backup 10 and backup-9.json would stay for ever
        intents.record(minimal(10));
        Files.move(folder.resolve("backup-10.json"), folder.resolve("backup-9.json"));

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).isEmpty();
        assertThat(listing.unreadable()).singleElement().asString().contains("backup-9.json");
    }

    @Test
    void fieldsAWriterOfALaterVersionAddsAreIgnored() throws IOException {
        intents.record(full(11));
        Path file = folder.resolve("backup-11.json");
        String json = Files.readString(file).replaceFirst("\\{", "{\"addedLater\": {\"x\": [1, 2]},");
        Files.writeString(file, json);

        assertThat(intents.find(11)).contains(full(11));
    }

    @Test
    void aFileOverSixtyFourKibIsRefusedAndKept() throws IOException {
        intents.record(minimal(20));
        intents.record(minimal(21));
        padTo(folder.resolve("backup-20.json"), MAX_FILE_BYTES);
        padTo(folder.resolve("backup-21.json"), MAX_FILE_BYTES + 1);

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).as("exactly 64 KiB is still an intent").containsExactly(minimal(20));
        assertThat(listing.unreadable()).singleElement().asString().contains("backup-21.json").contains("larger than");
        assertThat(folder.resolve("backup-21.json")).exists().hasSize(MAX_FILE_BYTES + 1);
        assertThatThrownBy(() -> intents.find(21)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void aLeftOverTemporaryIsNeitherListedNorInTheWayOfTheNextRecord() throws IOException {
        Files.createDirectories(folder);
        Path temporary = folder.resolve(".backup-5.json.tmp");
        Files.writeString(temporary, "{\"backupId\": 5, \"confi");
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(intents.list().intents()).isEmpty();
        assertThat(intents.list().unreadable()).isEmpty();

        intents.record(full(5));

        assertThat(intents.find(5)).contains(full(5));
        assertThat(namesIn(folder)).containsExactly("backup-5.json");
        assertThat(permissions(folder.resolve("backup-5.json"))).isEqualTo("rw-------");
    }

    @Test
    void otherFilesInTheFolderAreIgnored() throws IOException {
        intents.record(minimal(1));
        Files.writeString(folder.resolve("notes.txt"), "operator notes");
        Files.writeString(folder.resolve("backup-1.json.bak"), "{");

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).containsExactly(minimal(1));
        assertThat(listing.unreadable()).isEmpty();
    }

    @Test
    void aFolderNamedLikeAnIntentIsReported() throws IOException {
        Files.createDirectories(folder.resolve("backup-6.json"));

        RestartIntents.Listing listing = intents.list();

        assertThat(listing.intents()).isEmpty();
        assertThat(listing.unreadable()).singleElement().asString().contains("backup-6.json");
    }

    @Test
    void theFolderIsTheOwnersOnlyAndSoIsEveryFile() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");

        intents.record(full(1));
        intents.update(full(2));

        assertThat(permissions(folder)).isEqualTo("rwx------");
        assertThat(permissions(folder.resolve("backup-1.json"))).isEqualTo("rw-------");
        assertThat(permissions(folder.resolve("backup-2.json"))).isEqualTo("rw-------");
    }

    @Test
    void aReplacedFileIsTheOwnersOnlyEvenIfTheOldOneWasNot() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        intents.record(minimal(3));
        Files.setPosixFilePermissions(folder.resolve("backup-3.json"), PosixFilePermissions.fromString("rw-r--r--"));

        intents.update(full(3));

        assertThat(permissions(folder.resolve("backup-3.json"))).isEqualTo("rw-------");
    }

    @Test
    void aRecordThatCannotBeWrittenFailsNamingTheBackupAndTheFolder() throws IOException {
        Path notAFolder = Files.writeString(temp.resolve("plain-file"), "x");
        RestartIntents blocked = new RestartIntents(notAFolder.resolve("intents"));

        assertThatThrownBy(() -> blocked.record(minimal(42)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("backup 42")
                .hasMessageContaining(notAFolder.resolve("intents").toString());
    }

    /** Pads a valid JSON intent with trailing blanks (still valid JSON) to exactly {@code size} bytes. */
    private static void padTo(Path file, int size) throws IOException {
        byte[] json = Files.readAllBytes(file);
        assertThat(json.length).isLessThan(size);
        byte[] padded = Arrays.copyOf(json, size);
        Arrays.fill(padded, json.length, size, (byte) ' ');
        Files.write(file, padded);
        assertThat(Files.size(file)).isEqualTo(size);
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
