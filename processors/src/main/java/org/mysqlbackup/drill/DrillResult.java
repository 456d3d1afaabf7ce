package org.mysqlbackup.drill;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a restorability drill found.
 *
 * @param outcome           passed, failed or could-not-boot
 * @param checksumsCompared false when the manifest had no table checksums: only boot and CHECK TABLE were done
 * @param tablesChecked     tables that went through CHECK TABLE (and the comparison)
 * @param problems          the tables that failed, with why; empty unless {@link DrillOutcome#FAILED} by a table
 * @param detail            why it failed when no table is to blame (the archive refused, the server's
 *                          error log tail when it could not boot); null otherwise
 * @param timings           fetch, unpack, boot, checks
 */
public record DrillResult(DrillOutcome outcome, boolean checksumsCompared, int tablesChecked, List<TableProblem> problems,
                          String detail, DrillTimings timings) {
    /** The note a drill of a backup without table checksums carries, in its result and its output. */
    public static final String NO_CHECKSUMS = "the manifest has no table checksums, so only boot and CHECK TABLE were done"
            + " (row counts and CHECKSUM TABLE not compared)";

    public DrillResult {
        Objects.requireNonNull(outcome, "outcome");
        problems = problems == null ? List.of() : List.copyOf(problems);
        timings = timings == null ? DrillTimings.NONE : timings;
    }

    public boolean passed() {
        return outcome == DrillOutcome.PASSED;
    }

    /** The same result with other timings (the caller measured the fetch). */
    public DrillResult withTimings(DrillTimings other) {
        return new DrillResult(outcome, checksumsCompared, tablesChecked, problems, detail, other);
    }

    /**
     * Why, in words, as recorded in {@code DrillReason}, e.g.
     * {@code 1 of 5 tables failed: shop.orders: CHECKSUM TABLE 12 differs from the manifest's 34}.
     */
    public String reason() {
        String note = checksumsCompared ? "" : "; " + NO_CHECKSUMS;
        return switch (outcome) {
            case PASSED -> tablesChecked + " tables passed CHECK TABLE"
                    + (checksumsCompared ? ", row counts and CHECKSUM TABLE match the manifest" : "") + note;
            case FAILED -> (problems.isEmpty() ? Objects.requireNonNullElse(detail, "failed")
                    : problems.size() + " of " + tablesChecked + " tables failed: "
                    + problems.stream().map(TableProblem::toString).collect(Collectors.joining("; "))) + note;
            case COULD_NOT_BOOT -> "the server did not boot on the restored data directory"
                    + (detail == null || detail.isBlank() ? "" : ": " + detail);
        };
    }

    /** One line: {@code passed: 5 tables passed CHECK TABLE, ...}. */
    public String summary() {
        return outcome.label() + ": " + reason().lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" | "));
    }
}
