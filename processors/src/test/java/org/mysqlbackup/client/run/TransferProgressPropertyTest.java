package org.mysqlbackup.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the file size, the part the server held already and the sizes of the chunks it
 * confirms, the percentage only grows, stays within 0..100 and ends at exactly 100; no ETA is
 * guessed before this run has sent anything.
 */
class TransferProgressPropertyTest {

    @Property(tries = 300, seed = "1414213562373095048")
    void percentGrowsWithinZeroToHundredAndEndsAtHundred(@ForAll("runs") Run run) {
        TransferProgress progress = new TransferProgress();

        progress.start(run.total(), run.held());

        assertThat(progress.totalBytes()).isEqualTo(run.total());
        assertThat(progress.confirmedBytes()).as("held chunks count as done").isEqualTo(run.held());
        assertThat(progress.eta()).as("ETA before any byte was sent in this run").isEmpty();
        assertThat(progress.rate()).isZero();
        double previous = progress.percent();
        assertThat(previous).isBetween(0.0, 100.0);
        if (run.total() > 0) {
            assertThat(previous).isEqualTo(100.0 * run.held() / run.total());
        }
        long confirmed = run.held();
        for (long chunk : run.confirmations()) {
            progress.confirmed(chunk);
            confirmed += chunk;
            double percent = progress.percent();
            assertThat(percent).as("after %d of %d bytes", confirmed, run.total())
                    .isBetween(0.0, 100.0)
                    .isGreaterThanOrEqualTo(previous);
            assertThat(progress.confirmedBytes()).isEqualTo(confirmed);
            previous = percent;
        }

        assertThat(progress.confirmedBytes()).isEqualTo(run.total());
        assertThat(progress.percent()).isEqualTo(100.0);
        progress.eta().ifPresent(eta -> assertThat(eta).as("nothing left to send").isZero());
    }

    @Property(tries = 200, seed = "1732050807568877293")
    void aRestartThatFindsTheConfirmedBytesHeldNeitherGoesBackNorGuessesAnEta(@ForAll("runs") Run run,
                                                                             @ForAll Random random) {
        TransferProgress progress = new TransferProgress();
        progress.start(run.total(), run.held());
        List<Long> confirmations = run.confirmations();
        int before = confirmations.isEmpty() ? 0 : random.nextInt(confirmations.size() + 1);
        long confirmed = run.held();
        for (long chunk : confirmations.subList(0, before)) {
            progress.confirmed(chunk);
            confirmed += chunk;
        }
        double percentBefore = progress.percent();

        // the connection dropped; INIT again: the server holds what it confirmed
        progress.start(run.total(), confirmed);

        assertThat(progress.percent()).isEqualTo(percentBefore);
        assertThat(progress.eta()).as("ETA before any byte was sent in this run").isEmpty();
        for (long chunk : confirmations.subList(before, confirmations.size())) {
            double previous = progress.percent();
            progress.confirmed(chunk);
            assertThat(progress.percent()).isBetween(previous, 100.0);
        }
        assertThat(progress.percent()).isEqualTo(100.0);
    }

    @Example
    void anEmptyFileIsAlwaysDone() {
        TransferProgress progress = new TransferProgress();
        progress.start(0, 0);

        assertThat(progress.percent()).isEqualTo(100.0);
        assertThat(progress.eta()).isEmpty();
    }

    @Example
    void confirmationsBeyondTheTotalAreCappedAtHundredPercent() {
        TransferProgress progress = new TransferProgress();
        progress.start(1000, 400);
        progress.confirmed(600);
        progress.confirmed(600);

        assertThat(progress.confirmedBytes()).isEqualTo(1000);
        assertThat(progress.percent()).isEqualTo(100.0);
    }

    /** A transfer of {@code total} bytes of which {@code held} are on the server; the rest confirmed in steps. */
    record Run(long total, long held, List<Long> confirmations) {
    }

    @Provide
    Arbitrary<Run> runs() {
        Arbitrary<Long> totals = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 10_000),
                Arbitraries.longs().between(0, 1L << 40), // up to a TiB
                Arbitraries.of(1L, 2L, 3L, 7L, 64L * 1024, 64L * 1024 + 1, (1L << 40) - 1));
        return totals.flatMap(total -> Combinators.combine(
                        Arbitraries.longs().between(0, total),
                        Arbitraries.integers().between(1, 60),
                        Arbitraries.longs())
                .as((held, steps, seed) -> new Run(total, held, split(total - held, steps, new Random(seed)))));
    }

    /** {@code bytes} as at most {@code steps} positive parts in random proportions. */
    private static List<Long> split(long bytes, int steps, Random random) {
        List<Long> parts = new ArrayList<>();
        long left = bytes;
        for (int i = 0; i < steps - 1 && left > 0; i++) {
            long part = 1 + (long) (random.nextDouble() * Math.max(1, left / 2));
            part = Math.min(part, left);
            parts.add(part);
            left -= part;
        }
        if (left > 0) {
            parts.add(left);
        }
        return parts;
    }
}
