package org.mysqlbackup.ui.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mysqlbackup.snapshot.BackupManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the manifest inside a stored backup says, in short, for the dashboard (downtime) and the
 * detail page. A stored file never changes, so each is read once (the zip's central directory and
 * one small entry) and kept; the cache is bounded, and a backup without a readable manifest is
 * remembered as such.
 */
public class ManifestSummaries {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestSummaries.class);
    private static final int MAX_CACHED = 2_000;

    private final Path storageRoot;
    private final Map<Long, Optional<Summary>> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<Summary>> eldest) {
            return size() > MAX_CACHED;
        }
    };

    public ManifestSummaries(Path storageRoot) {
        this.storageRoot = storageRoot.toAbsolutePath().normalize();
    }

    /**
     * @param downtimeMs MySQL was down at least this long: the manifest's stop and capture phases
     *                   (the start after them is not in it); null when the manifest has no timings
     */
    public record Summary(String hostName, String serverVersion, String strategy, String dataDirectory,
                          String createdAt, int files, long fileBytes, Integer tables, Map<String, Long> timingsMs,
                          Long downtimeMs) {
    }

    /** The summary of the stored file at {@code filePath} (relative to the storage root), if it can be read. */
    public synchronized Optional<Summary> of(long id, String filePath) {
        if (filePath == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(id, key -> read(filePath));
    }

    private Optional<Summary> read(String filePath) {
        Path file = storageRoot.resolve(filePath).normalize();
        if (!file.startsWith(storageRoot) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return BackupManifest.findIn(file).map(ManifestSummaries::summary);
        } catch (RuntimeException e) {
            LOG.warn("Console: the manifest of {} cannot be read: {}", filePath, e.getMessage());
            return Optional.empty();
        }
    }

    private static Summary summary(BackupManifest m) {
        Long stop = m.timingsMs().get("stop");
        Long capture = m.timingsMs().get("capture");
        Long downtime = stop == null && capture == null ? null
                : (stop == null ? 0 : stop) + (capture == null ? 0 : capture);
        long bytes = m.files().stream().mapToLong(org.mysqlbackup.snapshot.ArchivedFile::size).sum();
        return new Summary(m.hostName(), m.serverVersion(), m.strategy(), m.dataDirectory(), m.createdAt(),
                m.files().size(), bytes, m.tables() == null ? null : m.tables().size(), m.timingsMs(), downtime);
    }
}
