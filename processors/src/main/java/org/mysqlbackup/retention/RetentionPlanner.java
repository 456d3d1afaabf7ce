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
 * always kept, whatever the rules say (seed property 25). A backup that is not good (known to be
 * corrupt or missing) changes nothing for the good ones: they are planned as if it were not
 * there, so a damaged newer file can neither protect itself nor push an intact older one out.
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
        // the good backups are planned as if the others did not exist: a backup known to be corrupt
        // or missing takes no place of the count, period or size rules, so it never pushes an intact
        // one out, and it never protects itself
        List<StoredBackup> good = sorted.stream().filter(StoredBackup::good).toList();
        List<StoredBackup> keptGood = planRanked(good, policy, now, good.isEmpty() ? null : good.get(0), delete);
        if (policy.maxBytes() != null) {
            long total = keptGood.stream().mapToLong(StoredBackup::bytes).sum();
            // oldest first, never the protected one
            for (int i = keptGood.size() - 1; i >= 1 && total > policy.maxBytes(); i--) {
                StoredBackup backup = keptGood.remove(i);
                total -= backup.bytes();
                delete.add(new RetentionPlan.Deletion(backup, exceeds(policy)));
            }
        }
        // the others keep the place the rules give them among all the configuration's backups, so a
        // damaged file is not deleted before an operator could look at it, nor kept forever
        List<StoredBackup> keptBad = new ArrayList<>();
        for (StoredBackup backup : planRanked(sorted, policy, now, null, new ArrayList<>())) {
            if (!backup.good()) {
                keptBad.add(backup);
            }
        }
        for (StoredBackup backup : sorted) {
            if (!backup.good() && !keptBad.contains(backup)) {
                delete.add(new RetentionPlan.Deletion(backup, reason(backup, sorted.indexOf(backup), policy, now,
                        gfs(sorted, policy))));
            }
        }
        if (policy.maxBytes() != null) {
            long total = keptGood.stream().mapToLong(StoredBackup::bytes).sum()
                    + keptBad.stream().mapToLong(StoredBackup::bytes).sum();
            for (int i = keptBad.size() - 1; i >= 0 && total > policy.maxBytes(); i--) {
                StoredBackup backup = keptBad.remove(i);
                total -= backup.bytes();
                delete.add(new RetentionPlan.Deletion(backup, exceeds(policy)));
            }
        }
        keep.addAll(keptGood);
        keep.addAll(keptBad);
    }

    /** The age, count and period rules over {@code newestFirst}; the kept ones, newest first. */
    private static List<StoredBackup> planRanked(List<StoredBackup> newestFirst, RetentionPolicy policy, Instant now,
                                                 StoredBackup protectedBackup, List<RetentionPlan.Deletion> delete) {
        Set<StoredBackup> gfsKept = gfs(newestFirst, policy);
        List<StoredBackup> kept = new ArrayList<>();
        for (int rank = 0; rank < newestFirst.size(); rank++) {
            StoredBackup backup = newestFirst.get(rank);
            String reason = reason(backup, rank, policy, now, gfsKept);
            if (reason != null && backup != protectedBackup) {
                delete.add(new RetentionPlan.Deletion(backup, reason));
            } else {
                kept.add(backup);
            }
        }
        return kept;
    }

    private static Set<StoredBackup> gfs(List<StoredBackup> newestFirst, RetentionPolicy policy) {
        return policy.grandfatherFatherSon() ? grandfatherFatherSon(newestFirst, policy) : Set.of();
    }

    /** Why a rule lets the backup at {@code rank} go, or null if none does. */
    private static String reason(StoredBackup backup, int rank, RetentionPolicy policy, Instant now,
                                 Set<StoredBackup> gfsKept) {
        if (policy.maxAge() != null && backup.createdAt().isBefore(now.minus(policy.maxAge()))) {
            return "older than " + policy.maxAge().toDays() + " days";
        } else if (policy.keepLast() != null && rank >= policy.keepLast()) {
            return "beyond the newest " + policy.keepLast();
        } else if (policy.grandfatherFatherSon() && !gfsKept.contains(backup)) {
            return "not the newest of a day, week or month kept (grandfather-father-son)";
        }
        return null;
    }

    private static String exceeds(RetentionPolicy policy) {
        return "the configuration's backups exceed " + policy.maxBytes() + " bytes";
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
