package org.mysqlbackup.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mysqlbackup.config.StoragePath;

/**
 * Applies the policies to the stored backups the server database knows, without changing
 * anything: reads the Completed rows, checks each file on disk (a backup is good when its file
 * exists with the recorded size and it is not known to be corrupt or missing), proves the newest
 * good one of each configuration before relying on it ({@link BackupProof}: re-read when its last
 * verify is stale; a damaged one is passed over for the next older), and lets
 * {@link RetentionPlanner} decide per client and configuration. Files the database does not know
 * are never looked at; a recorded path that leaves the storage root (or enters the staging folder)
 * is refused.
 */
public class RetentionReviewer {

    private final RetentionStore store;
    private final RetentionPolicies policies;
    private final Path root;
    private final StoragePath paths;
    private final Clock clock;
    private final BackupProof proof;

    /** Trusts a file that exists with its recorded size, without reading it. */
    public RetentionReviewer(RetentionStore store, RetentionPolicies policies, Path root, Clock clock) {
        this(store, policies, root, clock, BackupProof.SIZE_ONLY);
    }

    /**
     * @param root  the storage root as a real path (no symbolic link in it)
     * @param proof what is known of each backup's content, and the re-check of the one relied on
     */
    public RetentionReviewer(RetentionStore store, RetentionPolicies policies, Path root, Clock clock,
                             BackupProof proof) {
        this.store = store;
        this.policies = policies;
        this.root = root;
        this.paths = new StoragePath(root);
        this.clock = clock;
        this.proof = proof;
    }

    public Path root() {
        return root;
    }

    public RetentionReview review() {
        Instant now = clock.instant();
        List<RetentionReview.Refused> refused = new ArrayList<>();
        Map<List<String>, List<Candidate>> byConfiguration = new LinkedHashMap<>();
        for (RetentionStore.StoredRow row : store.stored()) {
            Optional<Path> file = paths.resolve(row.filePath());
            if (file.isEmpty()) {
                refused.add(new RetentionReview.Refused(row, "its path '" + row.filePath()
                        + "' is not a backup file inside the storage root"));
                continue;
            }
            String problem = problem(file.get(), row.fileSize());
            if (problem == null) {
                problem = proof.knownDamage(row);
            }
            byConfiguration.computeIfAbsent(List.of(row.clientId(), row.configName()), k -> new ArrayList<>())
                    .add(new Candidate(row, file.get(), problem));
        }
        List<RetentionReview.Group> groups = new ArrayList<>();
        for (List<Candidate> candidates : byConfiguration.values()) {
            RetentionReview.Group group = decide(candidates, now);
            if (group.decisions().stream().anyMatch(RetentionReview.Decision::delete)) {
                // which backup is the newest good one matters only when something is to go: prove it then
                group = decide(proveNewest(candidates), now);
            }
            groups.add(group);
        }
        return new RetentionReview(now, groups, refused);
    }

    private record Candidate(RetentionStore.StoredRow row, Path file, String problem) {
        StoredBackup backup() {
            return new StoredBackup(row.filePath(), row.clientId(), row.configName(), row.createdAt(), row.fileSize(),
                    problem == null);
        }
    }

    /**
     * The newest backup retention would rely on is proven first (re-read if its last verify is not
     * recent enough); one that turns out damaged is not good, and the next older one is proven in
     * its place, until one is intact or none is left.
     */
    private List<Candidate> proveNewest(List<Candidate> candidates) {
        List<Candidate> proven = new ArrayList<>(candidates);
        proven.sort(Comparator.comparing((Candidate c) -> c.row().createdAt()).reversed()
                .thenComparing(c -> c.row().filePath()));
        for (int i = 0; i < proven.size(); i++) {
            Candidate c = proven.get(i);
            if (c.problem() != null) {
                continue;
            }
            String damage;
            try {
                damage = proof.prove(c.row(), c.file());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("retention was interrupted while it re-checked " + c.row().filePath()
                        + "; nothing was decided", e);
            }
            if (damage == null) {
                break;
            }
            proven.set(i, new Candidate(c.row(), c.file(), damage));
        }
        return proven;
    }

    private RetentionReview.Group decide(List<Candidate> candidates, Instant now) {
        String client = candidates.get(0).row().clientId();
        String config = candidates.get(0).row().configName();
        RetentionPolicy policy = policies.policyFor(client, config);
        Map<StoredBackup, Candidate> byBackup = new IdentityHashMap<>();
        List<StoredBackup> backups = new ArrayList<>();
        for (Candidate c : candidates) {
            StoredBackup backup = c.backup();
            byBackup.put(backup, c);
            backups.add(backup);
        }
        RetentionPlan plan = RetentionPlanner.plan(backups, policy, now);
        StoredBackup newestGood = backups.stream().filter(StoredBackup::good)
                .min(Comparator.comparing(StoredBackup::createdAt).reversed().thenComparing(StoredBackup::path))
                .orElse(null);
        List<RetentionReview.Decision> decisions = new ArrayList<>();
        for (StoredBackup kept : plan.keep()) {
            Candidate c = byBackup.get(kept);
            String reason = kept == newestGood ? "the newest good backup of its configuration (not known to be corrupt or"
                    + " missing), never deleted"
                    : "kept by the policy" + (c.problem() == null ? "" : " (not good: " + c.problem() + ")");
            decisions.add(new RetentionReview.Decision(c.row(), c.file(), c.problem(), false, reason));
        }
        for (RetentionPlan.Deletion deletion : plan.delete()) {
            Candidate c = byBackup.get(deletion.backup());
            decisions.add(new RetentionReview.Decision(c.row(), c.file(), c.problem(), true, deletion.reason()));
        }
        decisions.sort(Comparator.comparing((RetentionReview.Decision d) -> d.row().createdAt()).reversed()
                .thenComparing(d -> d.row().filePath()));
        return new RetentionReview.Group(client, config, policy, decisions);
    }

    /** Why the file is not a good backup, or null if it is. */
    static String problem(Path file, long recordedSize) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return "the file is missing";
        } catch (IOException e) {
            return "the file cannot be read: " + e.getMessage();
        }
        if (!attributes.isRegularFile()) {
            return "not a regular file";
        }
        if (attributes.size() != recordedSize) {
            return "the file has " + attributes.size() + " bytes, " + recordedSize + " were stored";
        }
        return null;
    }
}
