package org.mysqlbackup.retention;

import java.util.List;

/**
 * What retention keeps and deletes; a dry run prints it, a real run deletes {@link #delete()} and
 * logs each with its reason.
 */
public record RetentionPlan(List<StoredBackup> keep, List<Deletion> delete) {

    /** A backup to delete and the rule that lets it go, e.g. {@code "older than 30 days"}. */
    public record Deletion(StoredBackup backup, String reason) {
    }

    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
    }
}
