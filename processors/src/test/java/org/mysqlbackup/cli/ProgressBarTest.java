package org.mysqlbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void aBarShowsStepPercentBytesRateAndTimeLeft() {
        String line = ProgressBar.render("transfer", 45 * MIB, 100 * MIB, 10 * MIB, Duration.ofSeconds(4), 20);

        assertThat(line).startsWith("transfer ")
                .contains("[=========>          ]")
                .contains(" 45%")
                .contains("45.0 MiB of 100.0 MiB")
                .contains("10.0 MiB/s")
                .endsWith("ETA 0m06s");
    }

    @Test
    void aFinishedBarIsFullWithNoTimeLeft() {
        String line = ProgressBar.render("fetch", 100, 100, 50, Duration.ofSeconds(2), 10);

        assertThat(line).contains("[==========]").contains("100%").endsWith("ETA 0m00s");
    }

    @Test
    void nothingMovedYetMeansTheTimeLeftIsUnknownNotZero() {
        assertThat(ProgressBar.render("transfer", 0, 100 * MIB, 0, Duration.ZERO, 10)).contains("  0%").endsWith("ETA ?");
    }

    @Test
    void aStepOfUnknownSizeShowsTheTimeSpentNotAPercent() {
        String line = ProgressBar.render("stop-mysql", 0, -1, 0, Duration.ofSeconds(75), 10);

        assertThat(line).startsWith("stop-mysql").doesNotContain("%").endsWith("1m15s");
    }

    @Test
    void longWorkShowsHours() {
        String line = ProgressBar.render("transfer", 1, 1 + 7200L * MIB, MIB, Duration.ofSeconds(1), 10);

        assertThat(line).endsWith("ETA 2h00m");
    }

    @Test
    void theRateCountsOnlyThisRunsBytesSoAResumedTransferIsNotTooFast() {
        AtomicLong clock = new AtomicLong();
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), clock::get, 10);

        bar.update("transfer", 80 * MIB, 100 * MIB);   // 80 MiB were on the server already
        clock.set(2_000_000_000L);
        bar.update("transfer", 90 * MIB, 100 * MIB);   // 10 MiB in 2 s

        String last = out.toString().substring(out.toString().lastIndexOf('\r') + 1);
        assertThat(last).contains("5.0 MiB/s").contains("ETA 0m02s").contains(" 90%");
    }

    @Test
    void aTransferWhoseSizeBecomesKnownCountsItsRateFromThenNotFromTheStepsStart() {
        AtomicLong clock = new AtomicLong();
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), clock::get, 10);

        bar.update("transfer", 0, 0);                  // opening the transfer: size not known yet
        clock.set(10_000_000_000L);
        bar.update("transfer", 60 * MIB, 100 * MIB);   // opened: 60 MiB held by the server
        clock.set(12_000_000_000L);
        bar.update("transfer", 80 * MIB, 100 * MIB);   // 20 MiB in 2 s

        String last = out.toString().substring(out.toString().lastIndexOf('\r') + 1);
        assertThat(last).contains("10.0 MiB/s").contains("ETA 0m02s");
    }

    @Test
    void redrawsInPlaceAtMostFiveTimesASecondAndEndsOnANewLine() {
        AtomicLong clock = new AtomicLong();
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), clock::get, 10);

        bar.update("transfer", 1, 100);
        clock.set(50_000_000L);
        bar.update("transfer", 2, 100);                 // 50 ms later: not drawn
        clock.set(300_000_000L);
        bar.update("transfer", 3, 100);
        bar.update("finalize", 3, 100);                 // a new step is drawn at once
        bar.end();

        String text = out.toString();
        assertThat(text.chars().filter(c -> c == '\r').count()).isEqualTo(3);
        assertThat(text).doesNotContain("\n\r").endsWith("\n");
        assertThat(text.split("\n")).hasSize(1);
    }

    @Test
    void aShorterLineBlanksTheRestOfTheLongerOne() {
        AtomicLong clock = new AtomicLong();
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), clock::get, 10);

        bar.update("transfer", 50 * MIB, 100 * MIB);
        bar.update("cleanup", 0, -1);

        String[] draws = out.toString().split("\r");
        assertThat(draws[2].length()).isGreaterThanOrEqualTo(draws[1].length());
    }

    @Test
    void aTerminalGetsTheBarAndAnythingElseThePlainView() {
        PrintWriter err = new PrintWriter(new StringWriter());
        ProgressLine lines = new ProgressLine(err, "fetched");

        assertThat(ProgressView.of(true, err, lines)).isInstanceOf(ProgressBar.class);
        assertThat(ProgressView.of(false, err, lines)).isSameAs(lines);
        assertThat(RunProgressWatcher.observer(ProgressView.of(false, err, ProgressView.NONE)))
                .isSameAs(org.mysqlbackup.client.RunObserver.NONE);
    }
}
