package org.mysqlbackup.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.mysqlbackup.config.ByteSize;

/**
 * A progress bar on a terminal, redrawn in place (carriage return) at most five times a second:
 * {@code transfer [=========>          ]  45%  1.2 GiB of 2.7 GiB  210.5 MiB/s  ETA 0m09s}.
 * The rate counts the bytes of this step since it was first seen (a resumed transfer or fetch
 * starts with some done), so the ETA is the time left. Not me.tongfei:progressbar: that one
 * keeps its own counter and clock per bar and needs JLine; the progress sources here already
 * report bytes, and a step changes mid-bar (stop-mysql, snapshot, transfer) on one line.
 */
final class ProgressBar implements ProgressView {
    static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final LongSupplier nanos;
    private final int width;
    private String step;
    private long total = Long.MIN_VALUE;
    private long stepStarted;
    private long firstDone;
    private long lastDrawn = Long.MIN_VALUE;
    private int drawnLength;

    ProgressBar(PrintWriter err, LongSupplier nanos, int width) {
        this.err = err;
        this.nanos = nanos;
        this.width = width;
    }

    @Override
    public synchronized void update(String stepName, long done, long stepTotal) {
        long now = nanos.getAsLong();
        // the rate starts again with each step, and when a step's size becomes known (a transfer
        // opened: what the server held already is done, not sent at this rate)
        if (!stepName.equals(step) || stepTotal != total) {
            step = stepName;
            total = stepTotal;
            stepStarted = now;
            firstDone = done;
        } else if (now - lastDrawn < REDRAW_NANOS && (stepTotal <= 0 || done < stepTotal)) {
            return;
        }
        lastDrawn = now;
        double seconds = Math.max(1e-3, (now - stepStarted) / 1e9);
        double rate = Math.max(0, done - firstDone) / seconds;
        String line = render(stepName, done, stepTotal, rate, Duration.ofNanos(now - stepStarted), width);
        // pad over the rest of a longer previous line
        err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        err.flush();
        drawnLength = line.length();
    }

    @Override
    public synchronized void end() {
        if (drawnLength > 0) {
            err.println();
            err.flush();
            drawnLength = 0;
        }
    }

    /**
     * One bar line. With a known total: the bar, percent, bytes, rate and ETA; without one
     * (stopping MySQL, a snapshot of unknown size): the step, bytes so far and time spent.
     *
     * @param rate bytes per second; 0 when nothing moved yet (ETA unknown)
     */
    static String render(String step, long done, long total, double rate, Duration elapsed, int width) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s ", step));
        if (total <= 0) {
            line.append('[').append(" ".repeat(width)).append("]  ").append(done > 0 ? ByteSize.format(done) + "  " : "")
                    .append(ProgressLine.format(elapsed));
            return line.toString();
        }
        long shown = Math.min(Math.max(done, 0), total);
        int percent = (int) (shown * 100 / total);
        int filled = (int) (shown * width / total);
        line.append('[').append("=".repeat(filled));
        if (filled < width) {
            line.append('>').append(" ".repeat(width - filled - 1));
        }
        line.append(']').append(String.format(Locale.ROOT, " %3d%%  ", percent))
                .append(ByteSize.format(shown)).append(" of ").append(ByteSize.format(total)).append("  ")
                .append(ByteSize.format((long) rate)).append("/s  ETA ")
                .append(shown >= total ? "0m00s" : rate < 1 ? "?" : ProgressLine.format(
                        Duration.ofSeconds((long) Math.ceil((total - shown) / rate))));
        return line.toString();
    }
}
