package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.mysqlbackup.config.ByteSize;

/**
 * One progress line on stderr, at most once a second and at the end: "fetched 1.2 GiB of 3.0 GiB
 * (40%), 210.5 MiB/s, 0m09s left", when no person watches (cron, a pipe; a terminal gets a
 * {@link ProgressBar}). The rate counts only the bytes of this run (a resumed fetch starts with
 * some done), so the time left is what is left.
 */
final class ProgressLine implements ProgressView {
    private final PrintWriter err;
    private final String verb;
    private final long started = System.nanoTime();
    private long firstDone = -1;
    private long lastPrinted;
    private boolean ended;

    /** @param verb what is being done, past tense: "fetched", "unpacked" */
    ProgressLine(PrintWriter err, String verb) {
        this.err = err;
        this.verb = verb;
    }

    @Override
    public void update(String step, long done, long total) {
        update(done, total);
    }

    @Override
    public void end() {
        // each line ends itself
    }

    synchronized void update(long done, long total) {
        long now = System.nanoTime();
        if (firstDone < 0) {
            firstDone = done;
        }
        if (ended || (done < total && now - lastPrinted < 1_000_000_000L)) {
            return;
        }
        ended = done >= total;
        lastPrinted = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = (done - firstDone) / seconds;
        String eta = rate <= 0 ? "?" : format(Duration.ofSeconds((long) ((total - done) / rate)));
        err.printf("%s %s of %s (%d%%), %s/s, %s left%n", verb, ByteSize.format(done), ByteSize.format(total),
                total == 0 ? 100 : done * 100 / total, ByteSize.format((long) rate), eta);
        err.flush();
    }

    static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutesPart(), d.toSecondsPart());
    }
}
