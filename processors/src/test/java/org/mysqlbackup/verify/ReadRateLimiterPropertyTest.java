package org.mysqlbackup.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The limiter on a clock that only its sleeps and the reader's own work move: whatever the read
 * sizes and the time the reader spends between reads, the bytes never come faster than the rate,
 * and it waits no longer than the rate asks, counted from the first read (it never sleeps when the
 * reader is slower anyway).
 */
class ReadRateLimiterPropertyTest {
    /** A clock a test moves by hand. */
    static final class FakeClock {
        long nanos = 1_000_000L;
        long slept;
    }

    @Property(tries = 300, seed = "2611202600000000031")
    void neverAboveTheRateAndNoSlowerThanItOrTheReader(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 1, max = 4 << 20) Integer> reads,
            @ForAll @LongRange(min = 1 << 10, max = 200L << 20) long rate,
            @ForAll @IntRange(min = 0, max = 20_000_000) int workNanosPerRead) throws InterruptedException {
        FakeClock clock = new FakeClock();
        ReadRateLimiter limiter = new ReadRateLimiter(rate, () -> clock.nanos, nanos -> {
            clock.nanos += nanos;
            clock.slept += nanos;
        });
        long start = clock.nanos + workNanosPerRead;
        long bytes = 0;
        double expected = clock.nanos;
        for (int read : reads) {
            clock.nanos += workNanosPerRead;
            limiter.acquire(read);
            bytes += read;
            // never ahead of the rate counted from the first read...
            assertThat((double) bytes).isLessThanOrEqualTo((clock.nanos - start) / 1e9 * rate + 1);
            // ...and no later than the rate or the reader's own pace make it
            expected = Math.max(expected + workNanosPerRead, start + bytes * 1e9 / rate);
            assertThat((double) clock.nanos).isCloseTo(expected, org.assertj.core.data.Offset.offset(2.0));
        }
    }

    @Property(tries = 100, seed = "2611202600000000032")
    void unlimitedNeverWaits(@ForAll @Size(max = 50) List<@IntRange(min = 0, max = 1 << 30) Integer> reads)
            throws InterruptedException {
        ReadRateLimiter limiter = new ReadRateLimiter(0, () -> 0L, nanos -> {
            throw new AssertionError("slept " + nanos);
        });
        for (int read : reads) {
            limiter.acquire(read);
        }
    }
}
