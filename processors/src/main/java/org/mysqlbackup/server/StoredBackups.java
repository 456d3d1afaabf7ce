package org.mysqlbackup.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mysqlbackup.config.StoragePath;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.FetchOpen;
import org.mysqlbackup.protocol.ListedBackup;
import org.mysqlbackup.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client may read back of the storage: its own stored backups, and nothing else. A backup
 * of another client is answered exactly like one that does not exist ({@link ErrorCode#NO_SUCH_BACKUP},
 * the same words), so a client cannot even learn which ids exist; the attempt is logged as a WARN
 * naming the requesting client and the id. The file of a backup must be a regular file inside the
 * storage root and outside staging (the rule retention applies), with the recorded size.
 */
public class StoredBackups {
    private static final Logger LOG = LoggerFactory.getLogger(StoredBackups.class);

    /** A backup of the requesting client and its file on disk. */
    public record Readable(StoredBackupCatalog.Row row, Path file) {
        public ListedBackup listed() {
            return StoredBackups.listed(row);
        }
    }

    private final StoredBackupCatalog catalog;
    private final StoragePath paths;

    /** @param root the storage root as a real path (no symbolic link in it) */
    public StoredBackups(StoredBackupCatalog catalog, Path root) {
        this.catalog = catalog;
        this.paths = new StoragePath(root);
    }

    /** One page of the backups of {@code clientId}, by id. */
    public List<ListedBackup> page(String clientId, String configName, long afterId, int limit) {
        return catalog.of(clientId, configName, afterId, limit).stream().map(StoredBackups::listed).toList();
    }

    /** The backup a FETCH_OPEN of {@code clientId} selects. */
    public Readable select(String clientId, FetchOpen open) {
        if (open.backupId() != null) {
            if (open.configName() != null || open.atMs() != null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "select a backup by id, or by configuration and time,"
                        + " not both");
            }
            return byId(clientId, open.backupId());
        }
        Optional<StoredBackupCatalog.Row> newest = catalog.of(clientId, open.configName()).stream()
                .filter(row -> open.atMs() == null || row.createdAt().toEpochMilli() <= open.atMs())
                .max(Comparator.comparing(StoredBackupCatalog.Row::createdAt)
                        .thenComparingLong(StoredBackupCatalog.Row::id));
        StoredBackupCatalog.Row row = newest.orElseThrow(() -> new ProtocolException(ErrorCode.NO_SUCH_BACKUP,
                "no stored backup" + (open.configName() == null ? "" : " of configuration '" + open.configName() + "'")
                        + (open.atMs() == null ? "" : " taken at or before " + java.time.Instant.ofEpochMilli(open.atMs()))));
        return readable(row);
    }

    /** Backup {@code id} if it is a stored backup of {@code clientId}; checked at every chunk. */
    public Readable byId(String clientId, long id) {
        Optional<StoredBackupCatalog.Row> row = catalog.find(id);
        if (row.isEmpty() || !row.get().clientId().equals(clientId)) {
            Optional<String> owner = row.map(StoredBackupCatalog.Row::clientId).or(() -> catalog.ownerOf(id));
            if (owner.isPresent() && !owner.get().equals(clientId)) {
                LOG.warn("Client {} asked for backup {}, which is another client's: refused as if it did not exist",
                        clientId, id);
            }
            throw noSuchBackup(id);
        }
        return readable(row.get());
    }

    private static ProtocolException noSuchBackup(long id) {
        return new ProtocolException(ErrorCode.NO_SUCH_BACKUP, "no stored backup with id " + id);
    }

    private Readable readable(StoredBackupCatalog.Row row) {
        Path file = paths.resolve(row.filePath()).orElseThrow(() -> {
            LOG.error("Backup {} of client {} is recorded at '{}', which is not a file inside the storage root",
                    row.id(), row.clientId(), row.filePath());
            return noSuchBackup(row.id());
        });
        String problem = problem(file, row.size());
        if (problem != null) {
            LOG.error("Backup {} of client {} cannot be read back: {} ({})", row.id(), row.clientId(), problem,
                    row.filePath());
            throw new ProtocolException(ErrorCode.NO_SUCH_BACKUP, "the file of backup " + row.id()
                    + " cannot be read on the server: " + problem + "; ask its operator");
        }
        return new Readable(row, file);
    }

    private static String problem(Path file, long recordedSize) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return "the file is missing";
        } catch (IOException e) {
            return "the file cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        if (!attributes.isRegularFile()) {
            return "not a regular file";
        }
        if (attributes.size() != recordedSize) {
            return "the file has " + attributes.size() + " bytes, " + recordedSize + " were stored";
        }
        return null;
    }

    static ListedBackup listed(StoredBackupCatalog.Row row) {
        return new ListedBackup(row.id(), row.clientId(), ListedBackup.cut(row.configName()),
                row.createdAt().toEpochMilli(), row.size(), row.sha256(), ListedBackup.cut(row.fileName()),
                ListedBackup.cut(row.verifyState()), ListedBackup.cut(row.drillState()));
    }
}
