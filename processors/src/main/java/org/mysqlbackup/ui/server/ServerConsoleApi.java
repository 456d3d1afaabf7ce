package org.mysqlbackup.ui.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.mysqlbackup.db.Times;
import org.mysqlbackup.report.DateArgument;
import org.mysqlbackup.retention.RetentionReview;
import org.mysqlbackup.retention.RetentionReviewer;
import org.mysqlbackup.server.StoredBackupCatalog;
import org.mysqlbackup.server.history.ClientStates;
import org.mysqlbackup.server.history.ServerLog;
import org.mysqlbackup.server.history.ServerLogFilter;
import org.mysqlbackup.server.history.ServerLogRow;
import org.mysqlbackup.server.history.ServerLogWriter;
import org.mysqlbackup.ui.EventStream;

/**
 * The server console's REST calls, each a thin adapter over a service the CLI uses too: the
 * dashboard over {@link ClientStates}, the log browser and its export over {@link ServerLog} and
 * {@link ServerLogWriter} (the bytes of {@code backup-server history}), stored backups over
 * {@link StoredBackupCatalog}, the retention preview over the {@link RetentionReviewer} of the
 * retention route, live transfers over {@link LiveTransfers}. Query parameters arrive as headers.
 */
public class ServerConsoleApi {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final ClientStates states;
    private final ServerLog log;
    private final StoredBackupCatalog stored;
    private final RetentionReviewer retention;
    private final LiveTransfers live;
    private final ManifestSummaries manifests;
    private final ObjectMapper json;
    private final Clock clock;
    private final EventStream events;

    public ServerConsoleApi(ClientStates states, ServerLog log, StoredBackupCatalog stored, RetentionReviewer retention,
                            LiveTransfers live, ManifestSummaries manifests, ObjectMapper json, Clock clock,
                            Duration streamPeriod) {
        this.states = states;
        this.log = log;
        this.stored = stored;
        this.retention = retention;
        this.live = live;
        this.manifests = manifests;
        this.json = json;
        this.clock = clock;
        this.events = new EventStream(streamPeriod, Duration.ofSeconds(25));
    }

    /** {@code GET /api/dashboard}: one row per client and configuration. */
    public Map<String, Object> dashboard() {
        List<ClientStates.State> rows = states.all().stream()
                .map(s -> s.lastStoredId() == null ? s : s.withDowntime(manifests.of(s.lastStoredId(),
                        s.lastStoredPath()).map(ManifestSummaries.Summary::downtimeMs).orElse(null)))
                .toList();
        return Map.of("generatedAt", Times.format(clock.instant()), "rows", rows);
    }

    /** {@code GET /api/transfers}: the transfers running now. */
    public Map<String, Object> transfers() {
        return Map.of("at", Times.format(clock.instant()), "transfers", live.now());
    }

    /** {@code GET /api/transfers/events}: the same, pushed every second as server-sent events. */
    public void transferEvents(Exchange exchange) throws InterruptedException {
        events.stream(exchange, () -> {
            try {
                return json.writeValueAsString(transfers());
            } catch (JsonProcessingException e) {
                return null;
            }
        });
    }

    /** {@code GET /api/history}: a page of the log browser. */
    public ServerLog.Page history(Exchange exchange) {
        return log.search(filter(exchange.getMessage(), page(exchange.getMessage())));
    }

    /** {@code GET /api/history/{id}}: one transfer, its chunks and its manifest in short. */
    public Map<String, Object> detail(Exchange exchange) {
        long id = number(exchange.getMessage(), "id");
        ServerLogRow row = log.find(id).orElseThrow(() -> new NoSuchElementException("no transfer with id " + id));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("transfer", row);
        detail.put("chunks", log.chunks(row.transferId()));
        detail.put("manifest", "Completed".equals(row.status()) && row.deletedAt() == null
                ? manifests.of(row.id(), row.filePath()).orElse(null) : null);
        return detail;
    }

    /** {@code GET /api/history/export?format=csv|json}: every matching row, as {@code backup-server history} writes it. */
    public void export(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String format = in.getHeader("format", "csv", String.class);
        List<ServerLogRow> rows = log.search(filter(in, ServerLogFilter.MAX_LIMIT)).rows();
        StringWriter text = new StringWriter();
        switch (format) {
            case "csv" -> ServerLogWriter.csv(rows, text);
            case "json" -> ServerLogWriter.json(rows, text);
            default -> throw new IllegalArgumentException("format is csv or json, not '" + format + "'");
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.CONTENT_TYPE, "csv".equals(format) ? "text/csv; charset=utf-8"
                : "application/json");
        out.setHeader("Content-Disposition", "attachment; filename=\"backup-history." + format + "\"");
        out.setBody(text.toString());
    }

    /** {@code GET /api/stored?client=&configuration=}: the stored backups. */
    public List<Stored> storedBackups(Exchange exchange) {
        Message in = exchange.getMessage();
        return stored.all(blank(in.getHeader("client", String.class)), blank(in.getHeader("configuration", String.class)))
                .stream().map(r -> new Stored(r.id(), r.clientId(), r.configName(), Times.format(r.createdAt()), r.size(),
                        r.sha256(), r.fileName(), r.filePath(), r.verifyState(), r.drillState())).toList();
    }

    /** A stored backup as the page shows it (times as ISO-8601 text, as everywhere in the API). */
    public record Stored(long id, String clientId, String configName, String createdAt, long size, String sha256,
                         String fileName, String filePath, String verifyState, String drillState) {
    }

    /** {@code GET /api/retention/preview}: what retention would delete now and why; nothing is changed. */
    public Map<String, Object> retentionPreview() {
        RetentionReview review = retention.review();
        List<Map<String, Object>> groups = review.groups().stream().map(g -> {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("client", g.client());
            group.put("configuration", g.config());
            group.put("policy", org.mysqlbackup.retention.RetentionPolicies.describe(g.policy()));
            group.put("decisions", g.decisions().stream().map(d -> {
                Map<String, Object> decision = new LinkedHashMap<>();
                decision.put("id", d.row().id());
                decision.put("filePath", d.row().filePath());
                decision.put("snapshotTime", d.row().createdAt().toString());
                decision.put("fileSize", d.row().fileSize());
                decision.put("delete", d.delete());
                decision.put("reason", d.reason());
                decision.put("problem", d.problem());
                return decision;
            }).toList());
            return group;
        }).toList();
        return Map.of("at", review.at().toString(), "groups", groups, "refused",
                review.refused().stream().map(r -> Map.of("filePath", String.valueOf(r.row().filePath()),
                        "why", r.why())).toList());
    }

    /** {@code GET /api/filters}: the clients and configurations for the filter lists, and the statuses. */
    public Map<String, Object> filters() {
        Map<String, List<String>> byClient = log.clientConfigurations().stream().collect(Collectors.groupingBy(
                pair -> pair[0], java.util.TreeMap::new, Collectors.mapping(pair -> pair[1], Collectors.toList())));
        return Map.of("clients", byClient, "statuses", new java.util.TreeSet<>(ServerLogFilter.STATUSES));
    }

    private static ServerLogFilter filter(Message in, int limit) {
        String from = blank(in.getHeader("from", String.class));
        String to = blank(in.getHeader("to", String.class));
        String status = blank(in.getHeader("status", String.class));
        Set<String> statuses = status == null ? Set.of() : Arrays.stream(status.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        String before = blank(in.getHeader("beforeId", String.class));
        return new ServerLogFilter(from == null ? null : DateArgument.start("from", from),
                to == null ? null : DateArgument.end("to", to), statuses, in.getHeader("client", String.class),
                in.getHeader("configuration", String.class), in.getHeader("text", String.class),
                before == null ? null : number("beforeId", before), limit);
    }

    private static int page(Message in) {
        String limit = blank(in.getHeader("limit", String.class));
        long n = limit == null ? DEFAULT_PAGE : number("limit", limit);
        if (n < 1 || n > MAX_PAGE) {
            throw new IllegalArgumentException("limit is 1 to " + MAX_PAGE + ", not " + n);
        }
        return (int) n;
    }

    private static long number(Message in, String name) {
        return number(name, in.getHeader(name, String.class));
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
