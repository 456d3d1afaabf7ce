package org.mysqlbackup.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides, per client and configuration, which backups a {@link RetentionPolicy} keeps. Pure: it
 * reads a list and returns a plan, so the same code serves the dry run and the real run, and its
 * guarantees are checked by property tests. The newest good backup of each configuration is
 * always kept, whatever the rules say (seed property 25).
 */
public final class RetentionPlanner {
    private static final Comparator<StoredBackup> NEWEST_FIRST = Comparator.comparing(StoredBackup::createdAt)
            .reversed().thenComparing(StoredBackup::path);

    private RetentionPlanner() {
    }

    public static RetentionPlan plan(List<StoredBackup> backups, RetentionPolicy policy, Instant now) {
        Map<List<String>, List<StoredBackup>> groups = new LinkedHashMap<>();
        for (StoredBackup backup : backups) {
            groups.computeIfAbsent(List.of(backup.client(), backup.config()), k -> new ArrayList<>()).add(backup);
        }
        List<StoredBackup> keep = new ArrayList<>();
        List<RetentionPlan.Deletion> delete = new ArrayList<>();
        for (List<StoredBackup> group : groups.values()) {
            planGroup(group, policy, now, keep, delete);
        }
        return new RetentionPlan(keep, delete);
    }

    private static void planGroup(List<StoredBackup> group, RetentionPolicy policy, Instant now,
                                  List<StoredBackup> keep, List<RetentionPlan.Deletion> delete) {
        List<StoredBackup> sorted = new ArrayList<>(group);
        sorted.sort(NEWEST_FIRST);
        StoredBackup protectedBackup = sorted.stream().filter(StoredBackup::good).findFirst().orElse(null);
        Set<StoredBackup> gfsKept = policy.grandfatherFatherSon() ? grandfatherFatherSon(sorted, policy) : Set.of();
        List<StoredBackup> kept = new ArrayList<>();
        for (int rank = 0; rank < sorted.size(); rank++) {
            StoredBackup backup = sorted.get(rank);
            String reason = null;
            if (policy.maxAge() != null && backup.createdAt().isBefore(now.minus(policy.maxAge()))) {
                reason = "older than " + policy.maxAge().toDays() + " days";
            } else if (policy.keepLast() != null && rank >= policy.keepLast()) {
                reason = "beyond the newest " + policy.keepLast();
            } else if (policy.grandfatherFatherSon() && !gfsKept.contains(backup)) {
                reason = "not the newest of a day, week or month kept (grandfather-father-son)";
            }
            if (reason != null && backup != protectedBackup) {
                delete.add(new RetentionPlan.Deletion(backup, reason));
            } else {
                kept.add(backup);
            }
        }
        if (policy.maxBytes() != null) {
            long total = kept.stream().mapToLong(StoredBackup::bytes).sum();
            // oldest first, never the protected one
            for (int i = kept.size() - 1; i >= 0 && total > policy.maxBytes(); i--) {
                StoredBackup backup = kept.get(i);
                if (backup != protectedBackup) {
                    kept.remove(i);
                    total -= backup.bytes();
                    delete.add(new RetentionPlan.Deletion(backup, "the configuration's backups exceed "
                            + policy.maxBytes() + " bytes"));
                }
            }
        }
        keep.addAll(kept);
    }

    /** The newest backup of each of the last N days, weeks and months that have backups. */
    private static Set<StoredBackup> grandfatherFatherSon(List<StoredBackup> newestFirst, RetentionPolicy policy) {
        Set<StoredBackup> kept = new HashSet<>();
        keepNewestPerPeriod(newestFirst, policy.keepDaily(), b -> day(b), kept);
        keepNewestPerPeriod(newestFirst, policy.keepWeekly(), b -> {
            LocalDate date = day(b);
            return date.get(IsoFields.WEEK_BASED_YEAR) + "-W" + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, kept);
        keepNewestPerPeriod(newestFirst, policy.keepMonthly(), b -> YearMonth.from(day(b)), kept);
        return kept;
    }

    private static void keepNewestPerPeriod(List<StoredBackup> newestFirst, Integer periods,
                                            Function<StoredBackup, Object> period, Set<StoredBackup> kept) {
        if (periods == null) {
            return;
        }
        Set<Object> seen = new HashSet<>();
        for (StoredBackup backup : newestFirst) {
            if (seen.size() == periods && !seen.contains(period.apply(backup))) {
                break;
            }
            if (seen.add(period.apply(backup))) {
                kept.add(backup);
            }
        }
    }

    private static LocalDate day(StoredBackup backup) {
        return LocalDate.ofInstant(backup.createdAt(), ZoneOffset.UTC);
    }
}
