package org.mysqlbackup.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human-written byte sizes: plain bytes or a binary suffix (KiB, MiB, GiB, TiB; K/M/G/T accepted). */
public final class ByteSize {
    /** A number, then optionally B, or a unit letter with optional B or iB ("4iB" is a typo, not 4 bytes). */
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    public static long parse(String key, String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidSettingException(key, "'" + text + "' is not a size (examples: 65536, 512KiB, 4MiB, 1GiB)");
        }
        int shift = switch (m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        try {
            long number = Long.parseLong(m.group(1));
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "'" + text + "' is too large");
        }
    }

    /** 4194304 -> "4.0 MiB"; used in messages and logs. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        // 1023.95 and above would print as "1024.0" of the smaller unit
        while (value >= 1023.95 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
