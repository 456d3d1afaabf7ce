package org.mysqlbackup.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One path segment (a file or folder name) made from a pattern of text and tokens; every token's
 * value, and then the whole segment, is reduced to {@code [A-Za-z0-9._-]}, so no input from the
 * network can add a separator, a parent reference, a control character or a leading dot.
 *
 * <p>Tokens (all times UTC, the time the snapshot was taken):
 * <pre>
 * {client}      the client id of the certificate       db-host-1
 * {config}      the backup configuration               nightly
 * {database}    the MySQL instance (client's mysql.instance-name; {config} if not sent)  db1-3306
 * {server}      this server's name (storage.server-name) backup-1
 * {timestamp}   yyyyMMdd'T'HHmmss'Z'                    20261126T020000Z
 * {date:FMT}    any java.time pattern                   {date:yyyy-MM-dd} -> 2026-11-26
 * {yyyy} {MM} {dd} {HH}  shorthands for {date:yyyy} ...  2026 11 26 02
 * {seq}         1, 2, 3 ...: the first that makes the name unique in its folder (files only)
 * </pre>
 * Any other brace group is refused when the pattern is read, so a mistyped token ({Client},
 * {time_stamp}) fails at start-up instead of being copied into names.
 */
final class NamePattern {
    private static final Pattern TOKEN = Pattern.compile("\\{([^{}]*)}");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final List<String> SHORTHANDS = List.of("yyyy", "MM", "dd", "HH");
    static final String KNOWN = "{client} {config} {database} {server} {timestamp} {date:FORMAT} {yyyy} {MM} {dd} {HH} {seq}";
    private static final int MAX_VALUE_LENGTH = 64;

    /** What the tokens stand for in one name. */
    record Values(String client, String config, String database, String server, Instant createdAt, int seq) {
    }

    private final String pattern;
    private final List<Function<Values, String>> parts = new ArrayList<>();
    private final boolean usesSeq;

    /**
     * @param what       "file name pattern" or "directory pattern", for messages
     * @param allowSeq   whether {@code {seq}} may appear
     * @throws IllegalArgumentException naming the pattern and what is wrong with it
     */
    NamePattern(String pattern, String what, boolean allowSeq) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException(what + " '" + pattern + "' is empty");
        }
        this.pattern = pattern;
        Matcher m = TOKEN.matcher(pattern);
        int end = 0;
        boolean seq = false;
        while (m.find()) {
            String text = pattern.substring(end, m.start());
            parts.add(v -> text);
            String token = m.group(1);
            parts.add(token(token, what, allowSeq));
            seq |= token.equals("seq");
            end = m.end();
        }
        String tail = pattern.substring(end);
        if (tail.contains("{") || tail.contains("}")) {
            throw new IllegalArgumentException(what + " '" + pattern + "' has an unmatched brace");
        }
        parts.add(v -> tail);
        this.usesSeq = seq;
    }

    private Function<Values, String> token(String token, String what, boolean allowSeq) {
        switch (token) {
            case "client":
                return v -> clip(v.client());
            case "config":
                return v -> clip(v.config());
            case "database":
                return v -> clip(v.database());
            case "server":
                return v -> clip(v.server());
            case "timestamp":
                return v -> TIMESTAMP.format(v.createdAt());
            case "seq":
                if (!allowSeq) {
                    throw new IllegalArgumentException(what + " '" + pattern + "' cannot use {seq} (file names only)");
                }
                return v -> Integer.toString(v.seq());
            default:
                break;
        }
        String format = SHORTHANDS.contains(token) ? token : token.startsWith("date:") ? token.substring(5) : null;
        if (format != null && format.isBlank()) {
            throw new IllegalArgumentException(what + " '" + pattern + "' has an empty date format {" + token + "}");
        }
        if (format == null) {
            throw new IllegalArgumentException(what + " '" + pattern + "' has unknown token {" + token + "}; known: " + KNOWN);
        }
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(format, Locale.ROOT).withZone(ZoneOffset.UTC);
            formatter.format(Instant.EPOCH);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException(what + " '" + pattern + "' has a date format {" + token
                    + "} that java.time cannot use: " + e.getMessage(), e);
        }
        return v -> formatter.format(v.createdAt());
    }

    boolean usesSeq() {
        return usesSeq;
    }

    /** The segment for these values: safe, never empty, at most {@code maxLength} characters. */
    String render(Values values, int maxLength) {
        StringBuilder out = new StringBuilder();
        for (Function<Values, String> part : parts) {
            out.append(part.apply(values));
        }
        String name = sanitize(out.toString(), Integer.MAX_VALUE);
        // keep the end, which holds the time, the sequence and the extension, when a long name overflows
        return name.length() > maxLength ? sanitize(name.substring(name.length() - maxLength), maxLength) : name;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** A value from the network, made safe on its own first so it cannot join with the text around it. */
    private static String clip(String value) {
        return sanitize(value, MAX_VALUE_LENGTH);
    }

    /** {@code value} reduced to {@code [A-Za-z0-9._-]}, no run of dots, no leading dot or dash, never empty. */
    static String sanitize(String value, int maxLength) {
        String safe = (value == null ? "" : value).replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("\\.{2,}", "_");
        if (safe.length() > maxLength) {
            safe = safe.substring(0, maxLength);
        }
        safe = safe.replaceAll("^[.-]+", "_");
        return safe.isEmpty() ? "_" : safe;
    }
}
