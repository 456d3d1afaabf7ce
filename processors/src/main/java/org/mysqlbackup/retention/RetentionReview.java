package org.mysqlbackup.retention;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What retention decided at one moment, for every stored backup the server database knows: a dry
 * run prints it, a real run deletes what it marks for deletion.
 *
 * @param at      the time the rules were applied at
 * @param groups  one per client and configuration, backups newest first
 * @param refused rows whose recorded path does not lead to a file inside the storage root: never
 *                deleted, only reported
 */
public record RetentionReview(Instant at, List<Group> groups, List<Refused> refused) {

    public RetentionReview {
        groups = List.copyOf(groups);
        refused = List.copyOf(refused);
    }

    /** The backups of one client's configuration and the policy applied to them. */
    public record Group(String client, String config, RetentionPolicy policy, List<Decision> decisions) {
        public Group {
            decisions = List.copyOf(decisions);
        }
    }

    /**
     * @param row     the database row
     * @param file    the file, absolute, inside the storage root
     * @param problem why the backup is not good ({@code null} when it is): file missing, size differs
     * @param delete  whether retention deletes it
     * @param reason  why it goes, or why it stays
     */
    public record Decision(RetentionStore.StoredRow row, Path file, String problem, boolean delete, String reason) {
    }

    /** A row retention will not act on, and why. */
    public record Refused(RetentionStore.StoredRow row, String why) {
    }

    public List<Decision> deletions() {
        return groups.stream().flatMap(g -> g.decisions().stream()).filter(Decision::delete).toList();
    }

    public List<Decision> kept() {
        return groups.stream().flatMap(g -> g.decisions().stream()).filter(d -> !d.delete()).toList();
    }
}
