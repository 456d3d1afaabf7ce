package org.mysqlbackup.report;

import java.io.FilterWriter;
import java.io.Writer;

/** Jackson closes the writer it is given; the caller's (often standard output) must stay open. */
final class NonClosingWriter extends FilterWriter {
    NonClosingWriter(Writer out) {
        super(out);
    }

    @Override
    public void close() {
        // flushed by the caller, closed by its owner
    }
}
