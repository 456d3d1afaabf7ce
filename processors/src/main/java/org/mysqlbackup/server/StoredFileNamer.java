package org.mysqlbackup.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names stored backups from a pattern such as {@code {client}_{config}_{timestamp}.zip}.
 * Tokens: {@code {client}}, {@code {config}}, {@code {timestamp}} (UTC, {@code yyyyMMdd'T'HHmmss'Z'},
 * the time the snapshot was taken). Each value is reduced to {@code [A-Za-z0-9._-]} so no input
 * can add a separator, a parent reference or a control character to the name.
 */
public class StoredFileNamer {
    /** Any brace group is a token, so a mistyped one ({Client}, {time_stamp}) is refused, not copied into names. */
    private static final Pattern TOKEN = Pattern.compile("\\{([^{}]*)}");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_VALUE_LENGTH = 64;
    private static final int MAX_NAME_LENGTH = 200;

    private final String pattern;

    public StoredFileNamer(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.contains("/") || pattern.contains("\\")) {
            throw new IllegalArgumentException("file name pattern '" + pattern + "' must be a non-empty name without separators");
        }
        Matcher m = TOKEN.matcher(pattern);
        while (m.find()) {
            if (!m.group(1).matches("client|config|timestamp")) {
                throw new IllegalArgumentException("file name pattern '" + pattern + "' has unknown token {" + m.group(1)
                        + "}; known: {client} {config} {timestamp}");
            }
        }
        this.pattern = pattern;
    }

    public String name(String clientId, String configName, Instant createdAt) {
        Matcher m = TOKEN.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "client" -> clientId;
                case "config" -> configName;
                default -> TIMESTAMP.format(createdAt);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(sanitize(value, MAX_VALUE_LENGTH)));
        }
        m.appendTail(out);
        String name = sanitize(out.toString(), Integer.MAX_VALUE);
        // keep the end, which holds the timestamp and extension, when a long config name overflows
        return name.length() > MAX_NAME_LENGTH ? sanitize(name.substring(name.length() - MAX_NAME_LENGTH), MAX_NAME_LENGTH) : name;
    }

    /** {@code name} with {@code -n} inserted before its extension: the n-th alternative when a name is taken. */
    public static String alternative(String name, int n) {
        int dot = name.indexOf('.', 1);
        return dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot);
    }

    static String sanitize(String value, int maxLength) {
        String safe = (value == null ? "" : value).replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("\\.{2,}", "_");
        if (safe.length() > maxLength) {
            safe = safe.substring(0, maxLength);
        }
        safe = safe.replaceAll("^[.-]+", "_");
        return safe.isEmpty() ? "_" : safe;
    }
}
