package org.mysqlbackup.drill;

/** How a drill ended; the label is what is recorded ({@code DrillResult}) and listed. */
public enum DrillOutcome {
    /** The copy booted, every table passed CHECK TABLE and (when the manifest has them) matched its row count and checksum. */
    PASSED("passed"),
    /** The copy could not be unpacked, or booted with tables that failed a check. */
    FAILED("failed"),
    /** The throwaway server did not come up on the restored data directory. */
    COULD_NOT_BOOT("could-not-boot");

    private final String label;

    DrillOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
