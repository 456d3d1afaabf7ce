package org.mysqlbackup.restore;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The names an archive entry may have: relative, forward slashes, no {@code .} or {@code ..}
 * segment, no empty segment, no drive letter, no backslash (which Windows and some unzip tools
 * read as a separator), no control character. What the zipper writes always passes; anything else
 * was made by hand and is refused rather than "repaired", because a repaired name can collide
 * with another entry.
 */
final class EntryNames {
    private static final int MAX_NAME_CHARS = 4096;
    private static final int MAX_SEGMENT_CHARS = 255;

    private EntryNames() {
    }

    /**
     * Why {@code name} (without the trailing slash of a folder) is not acceptable, or null when it is.
     */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "an entry has an empty name";
        }
        String shown = "'" + printable(name) + "'";
        if (name.length() > MAX_NAME_CHARS) {
            return "entry name " + shown.substring(0, 80) + "...' is longer than " + MAX_NAME_CHARS + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "entry " + shown + " has a control character in its name";
            }
        }
        if (name.indexOf('\\') >= 0) {
            return "entry " + shown + " has a backslash in its name (a path separator on Windows)";
        }
        if (name.startsWith("/")) {
            return "entry " + shown + " has an absolute path";
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return "entry " + shown + " starts with a drive letter";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "entry " + shown + " leaves the target (..)";
            }
            if (segment.equals(".") || segment.isEmpty()) {
                return "entry " + shown + " has an empty or '.' path segment";
            }
            if (segment.length() > MAX_SEGMENT_CHARS) {
                return "entry " + shown + " has a path segment longer than " + MAX_SEGMENT_CHARS + " characters";
            }
        }
        return null;
    }

    /**
     * The key two names collide on: Unicode NFC, as file systems that normalise names (macOS)
     * would store them. Case is kept: MySQL on Linux keeps {@code Orders} and {@code orders} apart.
     */
    static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /** For messages: control characters shown as \\uXXXX, at most 200 characters. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 200; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return name.length() > 200 ? out + "..." : out.toString();
    }
}
