package org.mysqlbackup.logretention;

import java.nio.charset.StandardCharsets;

/** The size the space limit counts for one stored value, computed here from the value the test wrote. */
final class StoredSize {
    private StoredSize() {
    }

    static long of(Object... values) {
        long size = 0;
        for (Object value : values) {
            if (value instanceof String text) {
                size += text.getBytes(StandardCharsets.UTF_8).length;
            } else if (value instanceof Boolean) {
                size += 1;
            } else if (value != null) {
                size += value.toString().length();
            }
        }
        return size;
    }
}
