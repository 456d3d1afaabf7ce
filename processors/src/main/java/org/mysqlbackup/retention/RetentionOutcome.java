package org.mysqlbackup.retention;

import java.util.List;

/**
 * What a real retention run did.
 *
 * @param deleted the backups whose file was deleted (or found missing) and whose deletion was recorded
 * @param failed  the backups retention meant to delete but could not, with the reason; they stay
 */
public record RetentionOutcome(RetentionReview review, List<Deleted> deleted, List<Failed> failed) {

    public RetentionOutcome {
        deleted = List.copyOf(deleted);
        failed = List.copyOf(failed);
    }

    /** @param reason as recorded in the database and logged */
    public record Deleted(RetentionReview.Decision decision, String reason) {
    }

    public record Failed(RetentionReview.Decision decision, String error) {
    }

    public long deletedBytes() {
        return deleted.stream().filter(d -> d.decision().problem() == null).mapToLong(d -> d.decision().row().fileSize())
                .sum();
    }

    public String summary() {
        return "deleted " + deleted.size() + " backup(s) (" + deletedBytes() + " bytes), kept "
                + review.kept().size() + (failed.isEmpty() ? "" : ", could not delete " + failed.size())
                + (review.refused().isEmpty() ? "" : ", refused " + review.refused().size() + " record(s) outside the storage root");
    }
}
