package org.mysqlbackup.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder, under the storage root, a backup is filed in: a pattern of {@code /}-separated
 * segments such as {@code {client}/{config}/{yyyy}/{MM}} (tokens in {@link NamePattern}, except
 * {@code {seq}}). Each segment is rendered on its own and made safe, so no client or
 * configuration name can add a level, climb out with {@code ..} or start from the root; the
 * storage layout checks the result lies inside the root all the same.
 */
public class StoredDirectoryNamer {
    private static final int MAX_SEGMENT_LENGTH = 100;
    private static final int MAX_SEGMENTS = 8;

    private final List<NamePattern> segments = new ArrayList<>();
    private final String serverName;

    /** @throws IllegalArgumentException naming what is wrong with the pattern */
    public StoredDirectoryNamer(String pattern, String serverName) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("directory pattern is empty");
        }
        if (pattern.contains("\\") || pattern.startsWith("/") || pattern.endsWith("/") || pattern.contains("//")) {
            throw new IllegalArgumentException("directory pattern '" + pattern
                    + "' must be relative segments separated by single '/', e.g. {client}/{config}/{yyyy}/{MM}");
        }
        String[] parts = pattern.split("/");
        if (parts.length > MAX_SEGMENTS) {
            throw new IllegalArgumentException("directory pattern '" + pattern + "' has more than " + MAX_SEGMENTS
                    + " levels");
        }
        for (String part : parts) {
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("directory pattern '" + pattern + "' has a '" + part + "' segment");
            }
            segments.add(new NamePattern(part, "directory pattern", false));
        }
        this.serverName = serverName;
    }

    /** The folder's segments, each one safe name. */
    public List<String> segments(String clientId, String configName, Instant createdAt) {
        return segments(clientId, configName, configName, createdAt);
    }

    /** The folder's segments with {@code {database}} standing for {@code database}. */
    public List<String> segments(String clientId, String configName, String database, Instant createdAt) {
        NamePattern.Values values = new NamePattern.Values(clientId, configName, database, serverName, createdAt, 1);
        List<String> names = new ArrayList<>(segments.size());
        for (NamePattern segment : segments) {
            names.add(segment.render(values, MAX_SEGMENT_LENGTH));
        }
        return names;
    }
}
