package org.mysqlbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupManifestTest {
    @TempDir
    Path temp;
    private Path dataDir;
    private Path outside;
    private Path zip;

    private static final List<BackupManifest.TableChecksum> TABLES = List.of(
            new BackupManifest.TableChecksum("shop", "orders", "InnoDB", 1200, 3141592653L),
            new BackupManifest.TableChecksum("shop", "odd`name", "Aria", 0, null),
            new BackupManifest.TableChecksum("ünïcode", "tä", "MyISAM", 7, 0L));

    @BeforeEach
    void createFolders() throws IOException {
        dataDir = Files.createDirectories(temp.resolve("datadir"));
        outside = Files.createDirectories(temp.resolve("outside"));
        zip = Files.createDirectories(temp.resolve("work")).resolve("backup.zip");
    }

    private static BackupManifest sample() {
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("stop", 2113L);
        timings.put("capture", 6020L);
        timings.put("package", 31877L);
        return new BackupManifest(1, "db-host-1", "main", "10.11.6-MariaDB", "/var/lib/mysql", "copy",
                "2026-11-26T02:00:41.517Z", timings,
                List.of(new ArchivedFile("ibdata1", 79691776), new ArchivedFile("shop/orders.ibd", 98304)), TABLES);
    }

    @Test
    void jsonRoundTripGivesAnEqualManifest() {
        BackupManifest manifest = sample();

        assertThat(BackupManifest.fromJson(manifest.toJson())).isEqualTo(manifest);
    }

    @Test
    void theJsonHasTheDocumentedFieldsInOrder() throws IOException {
        JsonNode json = new ObjectMapper().readTree(sample().toJson());

        assertThat(json.fieldNames()).toIterable().containsExactly("formatVersion", "hostName", "configurationName",
                "serverVersion", "dataDirectory", "strategy", "createdAt", "timingsMs", "files", "tables");
        assertThat(json.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(json.get("timingsMs").fieldNames()).toIterable().containsExactly("stop", "capture", "package");
        assertThat(json.get("files").get(1).get("path").asText()).isEqualTo("shop/orders.ibd");
        assertThat(json.get("tables").get(0).get("checksum").asLong()).isEqualTo(3141592653L);
        assertThat(json.get("tables").get(1).get("checksum").isNull()).isTrue();
    }

    @Test
    void tablesNotCollectedStayNullWhileNoTablesIsAnEmptyList() {
        BackupManifest without = BackupManifest.before("h", "c", null, dataDir, null);
        BackupManifest none = BackupManifest.before("h", "c", null, dataDir, List.of());

        assertThat(BackupManifest.fromJson(without.toJson()).tables()).isNull();
        assertThat(BackupManifest.fromJson(none.toJson()).tables()).isEmpty();
    }

    @Test
    void aNewerFormatIsRefusedAndUnknownFieldsOfThisOneAreIgnored() {
        String newer = "{\"formatVersion\":2,\"hostName\":\"h\"}";
        String extended = "{\"formatVersion\":1,\"hostName\":\"h\",\"encryption\":\"aes\"}";

        assertThatThrownBy(() -> BackupManifest.fromJson(newer.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("backup manifest format 2 is newer than this version reads (1)");
        assertThat(BackupManifest.fromJson(extended.getBytes(StandardCharsets.UTF_8)).hostName()).isEqualTo("h");
    }

    @Test
    void somethingElseThanAManifestIsRefused() {
        assertThatThrownBy(() -> BackupManifest.fromJson("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith("backup manifest is not valid");
        assertThatThrownBy(() -> BackupManifest.fromJson("{\"hostName\":\"h\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("backup manifest has no format version");
    }

    @Test
    void theTrailerWritesTheManifestLastWithTheArchivedFilesAndTheTimingsOfThatMoment() throws IOException {
        Map<String, byte[]> files = SnapshotTrees.create(dataDir, outside);
        BackupManifest before = BackupManifest.before("db-host-1", "main", "10.11.6-MariaDB", dataDir, TABLES);
        Instant start = Instant.now();

        new DataDirectoryZipper(1).zip(dataDir, zip, before.trailer(() -> Map.of("stop", 42L)));

        List<String> names = SnapshotTrees.entryNames(zip);
        assertThat(names.get(names.size() - 1)).isEqualTo(BackupManifest.ENTRY_NAME);
        BackupManifest manifest = BackupManifest.readFrom(zip);
        assertThat(manifest.formatVersion()).isEqualTo(BackupManifest.FORMAT_VERSION);
        assertThat(manifest.hostName()).isEqualTo("db-host-1");
        assertThat(manifest.configurationName()).isEqualTo("main");
        assertThat(manifest.serverVersion()).isEqualTo("10.11.6-MariaDB");
        assertThat(manifest.dataDirectory()).isEqualTo(dataDir.toString());
        assertThat(manifest.strategy()).isEqualTo("zip");
        assertThat(Instant.parse(manifest.createdAt())).isBetween(start, Instant.now());
        assertThat(manifest.timingsMs()).containsExactly(Map.entry("stop", 42L));
        assertThat(manifest.tables()).isEqualTo(TABLES);
        assertThat(manifest.files()).containsExactlyInAnyOrderElementsOf(files.entrySet().stream()
                .map(f -> new ArchivedFile(f.getKey(), f.getValue().length)).toList());
        assertThat(manifest.files()).extracting(ArchivedFile::path)
                .containsExactlyElementsOf(names.stream().filter(n -> !n.endsWith("/"))
                        .filter(n -> !n.equals(BackupManifest.ENTRY_NAME)).toList());
    }

    @Test
    void extraEntriesGiveNameAndBytesAfterTheFiles() throws IOException {
        Files.write(dataDir.resolve("ibdata1"), new byte[] {1});
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put("notes/readme.txt", "hello".getBytes());
        extra.put(BackupManifest.ENTRY_NAME, sample().toJson());

        new DataDirectoryZipper(1, 2).zip(dataDir, zip, extra);

        assertThat(SnapshotTrees.entryNames(zip)).containsExactly("ibdata1", "notes/readme.txt", BackupManifest.ENTRY_NAME);
        assertThat(BackupManifest.readFrom(zip)).isEqualTo(sample());
    }

    @Test
    void aZipWithoutManifestHasNoneToFindAndReadingItFailsNamingTheZip() throws IOException {
        Files.write(dataDir.resolve("ibdata1"), new byte[] {1});
        new DataDirectoryZipper(1).zip(dataDir, zip);

        assertThat(BackupManifest.findIn(zip)).isEmpty();
        assertThatThrownBy(() -> BackupManifest.readFrom(zip))
                .isInstanceOf(SnapshotException.class)
                .hasMessage(zip + " has no " + BackupManifest.ENTRY_NAME);
    }

    @Test
    void aFileThatIsNotAZipFailsNamingIt() throws IOException {
        Files.write(zip, "not a zip".getBytes());

        assertThatThrownBy(() -> BackupManifest.readFrom(zip))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining(zip.toString());
    }

    @Test
    void anExtraEntryMayNotRepeatADataDirectoryEntryOrLeaveTheArchiveRoot() throws IOException {
        Files.createDirectories(dataDir.resolve("shop"));
        Files.write(dataDir.resolve("shop/t.ibd"), new byte[] {1});

        for (String name : List.of("shop/t.ibd", "shop", "../evil", "/etc/passwd", "a/../../b", "", "dir/")) {
            assertThatThrownBy(() -> new DataDirectoryZipper(1).zip(dataDir, zip, Map.of(name, new byte[1])))
                    .as(name)
                    .isInstanceOf(SnapshotException.class)
                    .hasMessageContaining("'" + name + "'");
            assertThat(zip).as(name).doesNotExist();
        }
    }

    @Test
    void theLocalHostNameIsNeverEmpty() {
        assertThat(org.mysqlbackup.config.HostName.local()).isNotBlank();
    }
}
