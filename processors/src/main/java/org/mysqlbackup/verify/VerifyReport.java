package org.mysqlbackup.verify;

import java.time.Duration;
import java.util.List;

/**
 * What one verify run did.
 *
 * @param checked   each backup read, in the order read, with what it found
 * @param skipped   backups selected but not started because the time budget ran out
 * @param took      how long the run took
 */
public record VerifyReport(List<Checked> checked, int skipped, Duration took) {

    public VerifyReport {
        checked = List.copyOf(checked);
    }

    /** One backup and its verdict. */
    public record Checked(StoredFile backup, Verdict verdict) {
    }

    public long count(VerifyResult result) {
        return checked.stream().filter(c -> c.verdict().result() == result).count();
    }

    public boolean damageFound() {
        return checked.stream().anyMatch(c -> !c.verdict().intact());
    }

    public long bytesRead() {
        return checked.stream().mapToLong(c -> c.verdict().bytesRead()).sum();
    }

    public String summary() {
        return checked.size() + " verified: " + count(VerifyResult.INTACT) + " intact, " + count(VerifyResult.CORRUPT)
                + " corrupt, " + count(VerifyResult.MISSING) + " missing"
                + (skipped == 0 ? "" : "; " + skipped + " left for the next run (verify.max-duration reached)");
    }
}
