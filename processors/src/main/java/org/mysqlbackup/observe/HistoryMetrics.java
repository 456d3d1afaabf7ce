package org.mysqlbackup.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus gauges read from a side's history database: each {@link Series} is one query whose
 * rows are the label values (the side's {@code labels}, in that order) followed by the value.
 * {@link #publish} (a timer route) reads every query and replaces every series, so a scrape serves
 * the last read and never waits for the database; a label set no longer returned disappears. The
 * meters go into the registry Camel serves on {@code /observe/metrics} (bound as
 * {@value MicrometerConstants#METRICS_REGISTRY_NAME}), found at the first refresh.
 */
public final class HistoryMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryMetrics.class);

    /**
     * One gauge.
     *
     * @param unit Prometheus base unit appended to the name (null: none)
     * @param sql  rows of label values then the value; a row whose value is NULL is left out
     */
    public record Series(String name, String description, String unit, List<String> labels, String sql) {
        public Series {
            labels = List.copyOf(labels);
        }
    }

    private final DataSource db;
    private final List<Series> series;
    private Map<Series, MultiGauge> gauges;
    private boolean noRegistryLogged;

    public HistoryMetrics(DataSource db, List<Series> series) {
        this.db = db;
        this.series = List.copyOf(series);
    }

    /** Registers the gauges in {@code registry}; once. */
    public synchronized void bindTo(MeterRegistry registry) {
        if (gauges != null) {
            return;
        }
        Map<Series, MultiGauge> registered = new LinkedHashMap<>();
        for (Series s : series) {
            MultiGauge.Builder builder = MultiGauge.builder(s.name()).description(s.description());
            if (s.unit() != null) {
                builder.baseUnit(s.unit());
            }
            registered.put(s, builder.register(registry));
        }
        gauges = registered;
    }

    /** The refresh of the metrics route, into the registry Camel serves on /observe/metrics. */
    public void publish(CamelContext context) {
        if (gauges == null) {
            MeterRegistry registry = context.getRegistry().lookupByNameAndType(
                    MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
            if (registry == null) {
                registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            }
            if (registry == null) {
                // said once, not at every refresh
                if (!noRegistryLogged) {
                    noRegistryLogged = true;
                    LOG.warn("Backup metrics not published: no metrics registry (camel.metrics.enabled = false?)");
                }
                return;
            }
            bindTo(registry);
        }
        refresh();
    }

    /**
     * Reads every query and replaces every series (nothing before {@link #bindTo}). A failed read
     * keeps the previous values of every series and is logged.
     */
    public synchronized void refresh() {
        if (gauges == null) {
            return;
        }
        Map<Series, List<MultiGauge.Row<?>>> rows = new LinkedHashMap<>();
        try (Connection connection = db.getConnection()) {
            for (Series s : series) {
                rows.put(s, read(connection, s));
            }
        } catch (SQLException e) {
            LOG.warn("Backup metrics not refreshed (the values of the last refresh stay): {}", e.getMessage());
            return;
        }
        rows.forEach((s, values) -> gauges.get(s).register(values, true));
    }

    private static List<MultiGauge.Row<?>> read(Connection connection, Series s) throws SQLException {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(s.sql());
             ResultSet result = statement.executeQuery()) {
            int labels = s.labels().size();
            while (result.next()) {
                double value = result.getDouble(labels + 1);
                if (result.wasNull()) {
                    continue;
                }
                Tags tags = Tags.empty();
                for (int i = 0; i < labels; i++) {
                    String label = result.getString(i + 1);
                    tags = tags.and(s.labels().get(i), label == null ? "" : label);
                }
                rows.add(MultiGauge.Row.of(tags, value));
            }
        }
        return rows;
    }
}
