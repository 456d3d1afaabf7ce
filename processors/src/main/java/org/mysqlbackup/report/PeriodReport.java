package org.mysqlbackup.report;

import java.time.Instant;
import java.util.List;

/**
 * A summary of the backups started in a period: one line per configuration that has any, by
 * name, and the totals over all of them.
 *
 * @param config the configuration the report was limited to; null for all
 */
public record PeriodReport(Instant from, Instant to, String config, List<ConfigSummary> configurations,
                           ConfigSummary total) {

    public PeriodReport {
        configurations = List.copyOf(configurations);
    }
}
