package org.mysqlbackup.client.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.client.run.Cancellation.Source;

/**
 * A cancellation request: the first one wins as a whole (why, step and source of one request,
 * never a mix of two racing ones), an operator's is known as such, and a checkpoint throws it.
 */
class CancellationTest {

    @Test
    void withoutARequestTheCheckpointPasses() {
        Cancellation cancellation = new Cancellation();

        cancellation.check();

        assertThat(cancellation.byOperator()).isFalse();
        assertThat(cancellation.reason()).isEmpty();
        assertThat(cancellation.source()).isEmpty();
        assertThat(cancellation.during()).isEmpty();
    }

    @Test
    void anOperatorsRequestIsThrownAtTheNextCheckpoint() {
        Cancellation cancellation = new Cancellation();

        cancellation.request("cancelled by alice", BackupStep.TRANSFER, Source.OPERATOR);

        assertThat(cancellation.byOperator()).isTrue();
        assertThat(cancellation.source()).contains(Source.OPERATOR);
        assertThat(cancellation.reason()).contains("cancelled by alice");
        assertThat(cancellation.during()).contains(BackupStep.TRANSFER);
        assertThatThrownBy(cancellation::check).isInstanceOf(BackupCancelledException.class)
                .hasMessage("cancelled by alice");
        assertThatThrownBy(cancellation::check).as("every later checkpoint too")
                .isInstanceOf(BackupCancelledException.class);
    }

    @Test
    void aDeadlineOrAShutdownIsNotTheOperators() {
        Cancellation deadline = new Cancellation();
        deadline.request("past its deadline", BackupStep.SNAPSHOT, Source.DEADLINE);
        Cancellation shutdown = new Cancellation();
        shutdown.request("the client is shutting down", BackupStep.TRANSFER, Source.SHUTDOWN);

        assertThat(deadline.byOperator()).isFalse();
        assertThat(deadline.source()).contains(Source.DEADLINE);
        assertThat(shutdown.byOperator()).isFalse();
        assertThat(shutdown.source()).contains(Source.SHUTDOWN);
        assertThatThrownBy(shutdown::check).isInstanceOf(BackupCancelledException.class);
    }

    @Test
    void theFirstRequestWinsAndLaterOnesChangeNothing() {
        Cancellation cancellation = new Cancellation();

        cancellation.request("past its deadline", BackupStep.SNAPSHOT, Source.DEADLINE);
        cancellation.request("cancelled by alice", BackupStep.TRANSFER, Source.OPERATOR);
        cancellation.request("shutting down", BackupStep.CLEANUP, Source.SHUTDOWN);

        assertThat(cancellation.reason()).contains("past its deadline");
        assertThat(cancellation.during()).contains(BackupStep.SNAPSHOT);
        assertThat(cancellation.source()).contains(Source.DEADLINE);
        assertThat(cancellation.byOperator()).as("the deadline came first: it is alerted").isFalse();
        assertThatThrownBy(cancellation::check).hasMessage("past its deadline");
    }

    @Test
    void racingRequestsLeaveOneWholeRequest() throws Exception {
        BackupStep[] steps = BackupStep.values();
        Source[] sources = Source.values();
        int requesters = 8;
        ExecutorService pool = Executors.newFixedThreadPool(requesters);
        try {
            for (int round = 0; round < 200; round++) {
                Cancellation cancellation = new Cancellation();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> requests = new ArrayList<>();
                for (int i = 0; i < requesters; i++) {
                    int n = i;
                    requests.add(pool.submit(() -> {
                        go.await();
                        cancellation.request("request " + n, steps[n % steps.length], sources[n % sources.length]);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> request : requests) {
                    request.get(10, TimeUnit.SECONDS);
                }

                int winner = Integer.parseInt(cancellation.reason().orElseThrow().substring("request ".length()));
                assertThat(cancellation.during()).as("round %d", round).contains(steps[winner % steps.length]);
                assertThat(cancellation.source()).as("round %d", round).contains(sources[winner % sources.length]);
                assertThat(cancellation.byOperator()).isEqualTo(sources[winner % sources.length] == Source.OPERATOR);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
