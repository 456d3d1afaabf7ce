package org.mysqlbackup.retention;

import java.time.Duration;

/**
 * What to keep of each configuration's backups (per client and configuration). A rule left null
 * does not apply; with every rule null nothing is deleted. A backup goes when any rule lets it go,
 * except the newest good backup of its configuration, which no rule deletes.
 *
 * @param maxAge       backups older than this go
 * @param keepLast     only this many newest backups stay
 * @param maxBytes     the oldest backups go until the configuration's backups fit in this many bytes
 * @param keepDaily    grandfather-father-son: the newest backup of each of the last N days (UTC) stays...
 * @param keepWeekly   ... of each of the last N ISO weeks ...
 * @param keepMonthly  ... and of each of the last N months; with any of the three set, every other backup goes
 */
public record RetentionPolicy(Duration maxAge, Integer keepLast, Long maxBytes, Integer keepDaily, Integer keepWeekly,
                              Integer keepMonthly) {

    public RetentionPolicy {
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("retention max age " + maxAge + " is not positive");
        }
        requireAtLeastOne("keep-last", keepLast);
        requireAtLeastOne("keep-daily", keepDaily);
        requireAtLeastOne("keep-weekly", keepWeekly);
        requireAtLeastOne("keep-monthly", keepMonthly);
        if (maxBytes != null && maxBytes < 1) {
            throw new IllegalArgumentException("retention max bytes " + maxBytes + " is not positive");
        }
    }

    /** Keeps everything. */
    public static RetentionPolicy keepAll() {
        return new RetentionPolicy(null, null, null, null, null, null);
    }

    boolean grandfatherFatherSon() {
        return keepDaily != null || keepWeekly != null || keepMonthly != null;
    }

    private static void requireAtLeastOne(String rule, Integer count) {
        if (count != null && count < 1) {
            throw new IllegalArgumentException("retention " + rule + " " + count + " is less than 1");
        }
    }
}
