package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared cap on chunk bytes in memory: accounting, the oversized-frame rule and wake-ups. */
@Timeout(30)
class ReceiveBudgetTest {

    @Test
    void aNonPositiveCapacityIsRefused() {
        assertThatThrownBy(() -> new ReceiveBudget(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new ReceiveBudget(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ReceiveBudget(7).capacity()).isEqualTo(7);
    }

    @Test
    void acquiredBytesAreCountedUntilReleased() {
        ReceiveBudget budget = new ReceiveBudget(100);

        assertThat(budget.used()).isZero();
        assertThat(budget.tryAcquire(30)).isTrue();
        assertThat(budget.used()).isEqualTo(30);
        assertThat(budget.tryAcquire(70)).as("exactly filling the capacity").isTrue();
        assertThat(budget.used()).isEqualTo(100);
        assertThat(budget.tryAcquire(1)).as("one byte over the capacity").isFalse();
        assertThat(budget.used()).as("a refused request takes nothing").isEqualTo(100);

        budget.release(30);
        assertThat(budget.used()).isEqualTo(70);
        assertThat(budget.tryAcquire(31)).isFalse();
        assertThat(budget.tryAcquire(30)).isTrue();
        budget.release(30);
        budget.release(70);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aRequestLargerThanTheCapacityIsGrantedAloneWhenNothingIsHeld() {
        ReceiveBudget budget = new ReceiveBudget(100);

        assertThat(budget.tryAcquire(1_000)).isTrue();
        assertThat(budget.used()).as("capped at the capacity").isEqualTo(100);
        assertThat(budget.tryAcquire(1)).as("the oversized request blocks everyone else").isFalse();
        assertThat(budget.tryAcquire(1_000)).isFalse();

        budget.release(1_000);
        assertThat(budget.used()).isZero();
        assertThat(budget.tryAcquire(1)).isTrue();
    }

    @Test
    void aRequestLargerThanTheCapacityWaitsWhileAnythingIsHeld() {
        ReceiveBudget budget = new ReceiveBudget(100);
        assertThat(budget.tryAcquire(1)).isTrue();

        assertThat(budget.tryAcquire(1_000)).isFalse();
        assertThat(budget.used()).isEqualTo(1);

        budget.release(1);
        assertThat(budget.tryAcquire(1_000)).isTrue();
        assertThat(budget.used()).isEqualTo(100);
    }

    @Test
    void whenReleasedRunsAtOnceWhenNothingIsHeld() {
        ReceiveBudget budget = new ReceiveBudget(100);
        AtomicInteger runs = new AtomicInteger();

        budget.whenReleased(runs::incrementAndGet);

        assertThat(runs).hasValue(1);
    }

    @Test
    void whenReleasedWaitsForTheNextReleaseAndRunsOnce() {
        ReceiveBudget budget = new ReceiveBudget(100);
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        budget.tryAcquire(60);
        budget.tryAcquire(40);

        budget.whenReleased(first::incrementAndGet);
        budget.whenReleased(second::incrementAndGet);
        assertThat(first).as("nothing released yet").hasValue(0);
        assertThat(second).hasValue(0);

        budget.release(60);
        assertThat(first).as("a partial release wakes every waiter").hasValue(1);
        assertThat(second).hasValue(1);

        budget.release(40);
        assertThat(first).as("a waiter runs once, not on every release").hasValue(1);
        assertThat(second).hasValue(1);
    }

    @Test
    void aWaiterMayRegisterAgainFromItsOwnWakeUp() {
        ReceiveBudget budget = new ReceiveBudget(10);
        budget.tryAcquire(5);
        budget.tryAcquire(5);
        AtomicInteger wakeUps = new AtomicInteger();
        Runnable[] retry = new Runnable[1];
        retry[0] = () -> {
            wakeUps.incrementAndGet();
            if (!budget.tryAcquire(10)) {
                budget.whenReleased(retry[0]);
            }
        };
        budget.whenReleased(retry[0]);

        budget.release(5);
        assertThat(wakeUps).as("woken, still does not fit, waits again").hasValue(1);
        assertThat(budget.used()).isEqualTo(5);

        budget.release(5);
        assertThat(wakeUps).hasValue(2);
        assertThat(budget.used()).as("the retry got the whole budget").isEqualTo(10);
    }

    @Test
    void releaseNeverTakesTheCountBelowZero() {
        ReceiveBudget budget = new ReceiveBudget(100);
        budget.tryAcquire(10);

        budget.release(50);
        assertThat(budget.used()).isZero();
        budget.release(Long.MAX_VALUE);
        assertThat(budget.used()).isZero();
        budget.release(1);
        assertThat(budget.used()).isZero();

        assertThat(budget.tryAcquire(100)).as("a spurious release grants nothing extra").isTrue();
        assertThat(budget.tryAcquire(1)).isFalse();
    }

    /**
     * Threads take random amounts (some above the capacity), wait for a release when refused and
     * give everything back: the budget never grants more than its capacity at once, never counts
     * below zero, every waiter is woken and all ends at zero.
     */
    @Test
    void concurrentAcquireAndReleaseStayWithinTheCapacityAndEndAtZero() throws Exception {
        int threads = 6;
        int rounds = 3_000;
        long capacity = 1_000;
        ReceiveBudget budget = new ReceiveBudget(capacity);
        AtomicLong granted = new AtomicLong();
        AtomicLong grants = new AtomicLong();
        AtomicLong waits = new AtomicLong();
        AtomicReference<String> violation = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(31L * t + 7);
                workers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int round = 0; round < rounds; round++) {
                        long want = 1 + random.nextLong(capacity * 3 / 2);
                        long amount = Math.min(want, capacity);
                        while (!budget.tryAcquire(want)) {
                            CountDownLatch woken = new CountDownLatch(1);
                            budget.whenReleased(woken::countDown);
                            waits.incrementAndGet();
                            if (!woken.await(10, TimeUnit.SECONDS)) {
                                violation.compareAndSet(null, "a waiter was never woken (used " + budget.used() + ")");
                                return null;
                            }
                        }
                        grants.incrementAndGet();
                        long outstanding = granted.addAndGet(amount);
                        long used = budget.used();
                        if (outstanding > capacity || used < 0 || used > capacity) {
                            violation.compareAndSet(null, "outstanding " + outstanding + ", used " + used
                                    + " with capacity " + capacity);
                        }
                        granted.addAndGet(-amount);
                        budget.release(want);
                    }
                    return null;
                }));
            }
            // the whole budget is taken before the workers start, so refusals and wake-ups surely happen,
            // however the threads are scheduled; it is given back once a worker waits for it
            assertThat(budget.tryAcquire(capacity)).isTrue();
            start.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (waits.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            budget.release(capacity);
            for (Future<?> worker : workers) {
                worker.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(violation.get()).isNull();
        assertThat(grants).hasValue((long) threads * rounds);
        assertThat(waits.get()).as("the run exercised refusals and wake-ups").isPositive();
        assertThat(budget.used()).isZero();
    }
}
