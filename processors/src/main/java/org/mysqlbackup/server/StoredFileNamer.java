package org.mysqlbackup.server;

import java.time.Instant;

/**
 * Names stored backups from a pattern such as {@code {client}_{config}_{timestamp}.zip} (tokens in
 * {@link NamePattern}). The name is one safe path segment of at most 200 characters whatever the
 * client sent. A name is never reused: with {@code {seq}} in the pattern, the first sequence number
 * whose name is free is taken; without it, a taken name gets {@code -2}, {@code -3}, ... before its
 * extension ({@link #alternative}).
 */
public class StoredFileNamer {
    private static final int MAX_NAME_LENGTH = 200;

    private final NamePattern pattern;
    private final String serverName;

    /** A namer whose {@code {server}} is {@code "server"}. */
    public StoredFileNamer(String pattern) {
        this(pattern, "server");
    }

    /** @throws IllegalArgumentException if the pattern has a separator or an unknown or unusable token */
    public StoredFileNamer(String pattern, String serverName) {
        if (pattern != null && (pattern.contains("/") || pattern.contains("\\"))) {
            throw new IllegalArgumentException("file name pattern '" + pattern
                    + "' must be a name without separators (folders come from storage.directory-pattern)");
        }
        this.pattern = new NamePattern(pattern, "file name pattern", true);
        this.serverName = serverName;
    }

    /** The name with sequence number 1. */
    public String name(String clientId, String configName, Instant createdAt) {
        return name(clientId, configName, createdAt, 1);
    }

    /**
     * The {@code attempt}-th candidate name: with {@code {seq}} the name with that sequence number,
     * else the base name ({@code attempt} 1) or its {@link #alternative}.
     */
    public String name(String clientId, String configName, Instant createdAt, int attempt) {
        return name(clientId, configName, configName, createdAt, attempt);
    }

    /** Like {@link #name(String, String, Instant, int)}, with {@code {database}} standing for {@code database}. */
    public String name(String clientId, String configName, String database, Instant createdAt, int attempt) {
        String name = pattern.render(new NamePattern.Values(clientId, configName, database, serverName, createdAt, attempt),
                MAX_NAME_LENGTH);
        return attempt == 1 || pattern.usesSeq() ? name : alternative(name, attempt);
    }

    /** {@code name} with {@code -n} inserted before its extension: the n-th alternative when a name is taken. */
    public static String alternative(String name, int n) {
        int dot = name.indexOf('.', 1);
        return dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot);
    }

    static String sanitize(String value, int maxLength) {
        return NamePattern.sanitize(value, maxLength);
    }
}
