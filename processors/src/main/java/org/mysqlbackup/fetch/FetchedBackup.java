package org.mysqlbackup.fetch;

import java.nio.file.Path;

/** A fetched backup: its whole-file SHA-256 checked, on disk (fsynced). The caller deletes {@code zip} when done. */
public record FetchedBackup(StoredBackupInfo info, Path zip) {
}
