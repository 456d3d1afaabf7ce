package org.mysqlbackup.verify;

import java.util.Locale;

/** What re-reading a stored backup found; stored in {@code BackupLogs.VerifyResult} in lower case. */
public enum VerifyResult {
    /** The file matches its SHA-256 recorded at finalize and the archive reads to its end. */
    INTACT,
    /** The file is there but differs from what was stored, or its archive is damaged. */
    CORRUPT,
    /** No file where the backup was stored. */
    MISSING;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return null for null (never verified) */
    public static VerifyResult fromColumn(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
