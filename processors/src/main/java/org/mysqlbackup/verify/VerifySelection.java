package org.mysqlbackup.verify;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which stored backups a verify run reads, in which order: those of the asked client and
 * configuration (every one when not asked), taken since a time, the never verified first, then
 * the least recently verified, ties oldest snapshot first. A run with a time budget thus works
 * its way through the whole storage over several nights instead of re-reading the same files.
 *
 * @param clientId   only this client's backups, or null
 * @param configName only this configuration's, or null
 * @param since      only backups whose snapshot is at or after this, or null
 */
public record VerifySelection(String clientId, String configName, Instant since) {
    /** Never verified first, then by the time of the last verify, then oldest snapshot, then id. */
    static final Comparator<StoredFile> LEAST_RECENTLY_VERIFIED = Comparator
            .comparing(StoredFile::verifiedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(StoredFile::createdAt)
            .thenComparingLong(StoredFile::id);

    public static VerifySelection all() {
        return new VerifySelection(null, null, null);
    }

    public boolean matches(StoredFile file) {
        return (clientId == null || clientId.equals(file.clientId()))
                && (configName == null || configName.equals(file.configName()))
                && (since == null || !file.createdAt().isBefore(since));
    }

    /** The backups to read, in the order to read them. */
    public List<StoredFile> order(List<StoredFile> stored) {
        return stored.stream().filter(this::matches).sorted(LEAST_RECENTLY_VERIFIED).toList();
    }
}
