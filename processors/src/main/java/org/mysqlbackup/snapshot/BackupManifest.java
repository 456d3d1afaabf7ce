package org.mysqlbackup.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * What a backup zip holds and how it was taken, written as its last entry,
 * {@value #ENTRY_NAME}. A restore or a restorability drill compares the files and the table
 * checksums of what it unpacked against it.
 *
 * <p>Example (abridged):
 * <pre>{@code
 * {"formatVersion":1,"hostName":"db-host-1","configurationName":"main","serverVersion":"10.11.6-MariaDB",
 *  "dataDirectory":"/var/lib/mysql","strategy":"copy","createdAt":"2026-11-26T02:00:41.517Z",
 *  "timingsMs":{"stop":2113,"capture":6020,"package":31877},
 *  "files":[{"path":"ibdata1","size":79691776},{"path":"shop/orders.ibd","size":98304}],
 *  "tables":[{"database":"shop","table":"orders","engine":"InnoDB","rows":1200,"checksum":3141592653}]}
 * }</pre>
 *
 * @param formatVersion     {@value #FORMAT_VERSION}; a reader refuses a newer one
 * @param hostName          the database host
 * @param configurationName the backup configuration ({@code backup.name})
 * @param serverVersion     {@code SELECT VERSION()} before the stop, or null if not asked
 * @param dataDirectory     the data directory as configured
 * @param strategy          how the data directory was captured: {@code zip}, {@code copy} or {@code reflink}
 *                          (a reflink that fell back says {@code copy})
 * @param createdAt         when the manifest was written, ISO-8601 UTC
 * @param timingsMs         phases in milliseconds as the caller measured them (stop, capture, package, ...),
 *                          each up to the moment the manifest was written
 * @param files             every regular file in the zip, as archived, except the manifest
 * @param tables            row count and checksum of every base table taken before the stop, or null if not collected
 */
public record BackupManifest(int formatVersion, String hostName, String configurationName, String serverVersion,
                             String dataDirectory, String strategy, String createdAt, Map<String, Long> timingsMs,
                             List<ArchivedFile> files, List<TableChecksum> tables) {
    public static final String ENTRY_NAME = "backup-manifest.json";
    public static final int FORMAT_VERSION = 1;
    /** Larger than the manifest of a data directory with a million files. */
    static final long MAX_BYTES = 256L << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * One table as it was before the stop.
     *
     * @param engine   storage engine (InnoDB, MyISAM, Aria, ...)
     * @param rows     {@code SELECT COUNT(*)}
     * @param checksum {@code CHECKSUM TABLE ... EXTENDED}, or null where the server gives none
     */
    public record TableChecksum(String database, String table, String engine, long rows, Long checksum) {
    }

    public BackupManifest {
        timingsMs = timingsMs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
        files = files == null ? List.of() : List.copyOf(files);
        tables = tables == null ? null : List.copyOf(tables);
    }

    /**
     * A manifest still without what only the snapshot knows (strategy, files, timings, time);
     * {@link #trailer} fills those in when the zip is written.
     *
     * @param tables null when table checksums were not collected
     */
    public static BackupManifest before(String hostName, String configurationName, String serverVersion,
                                        Path dataDirectory, List<TableChecksum> tables) {
        return new BackupManifest(FORMAT_VERSION, hostName, configurationName, serverVersion,
                dataDirectory.toString(), null, null, Map.of(), List.of(), tables);
    }

    /**
     * The manifest as a trailing entry of the snapshot zip: strategy, files and creation time come
     * from the zip being written, timings from {@code timingsMs} asked at that moment.
     */
    public TrailingEntries trailer(Supplier<Map<String, Long>> timingsMs) {
        return (method, archived) -> {
            BackupManifest complete = new BackupManifest(formatVersion, hostName, configurationName, serverVersion,
                    dataDirectory, method, Instant.now().toString(), timingsMs.get(), archived, tables);
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(ENTRY_NAME, complete.toJson());
            return entries;
        };
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the backup manifest as JSON: " + e.getMessage(), e);
        }
    }

    /** @throws SnapshotException if the JSON is not a manifest this version reads */
    public static BackupManifest fromJson(byte[] json) {
        BackupManifest manifest;
        try {
            manifest = JSON.readValue(json, BackupManifest.class);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new SnapshotException("backup manifest is not valid: " + reason, e);
        }
        if (manifest.formatVersion() < 1) {
            throw new SnapshotException("backup manifest has no format version");
        }
        if (manifest.formatVersion() > FORMAT_VERSION) {
            throw new SnapshotException("backup manifest format " + manifest.formatVersion()
                    + " is newer than this version reads (" + FORMAT_VERSION + ")");
        }
        return manifest;
    }

    /**
     * The manifest in {@code zip}.
     *
     * @throws SnapshotException if the zip cannot be read, has no manifest or a manifest this version cannot read
     */
    public static BackupManifest readFrom(Path zip) {
        return findIn(zip).orElseThrow(() -> new SnapshotException(zip + " has no " + ENTRY_NAME));
    }

    /** The manifest in {@code zip}, or empty for a zip without one (made before manifests existed). */
    public static Optional<BackupManifest> findIn(Path zip) {
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            ZipArchiveEntry entry = file.getEntry(ENTRY_NAME);
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.getSize() > MAX_BYTES) {
                throw new SnapshotException(ENTRY_NAME + " in " + zip + " is " + entry.getSize()
                        + " bytes, more than a manifest can be");
            }
            try (InputStream in = file.getInputStream(entry)) {
                byte[] json = in.readNBytes((int) MAX_BYTES + 1);
                if (json.length > MAX_BYTES) {
                    throw new SnapshotException(ENTRY_NAME + " in " + zip + " is larger than a manifest can be");
                }
                return Optional.of(fromJson(json));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotException("cannot read the manifest of " + zip + ": " + DataDirectoryTree.describe(e), e);
        }
    }
}
