package org.mysqlbackup.events;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Drops are logged as a count, once per interval, not once per event. */
class DropLogTest {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DropLog.class);
    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aThousandDropsInAMinuteAreTwoLines() {
        DropLog drops = new DropLog(1000, Duration.ofMinutes(1), now::get);
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(Duration.ofMillis(50).toNanos());
            drops.dropped(1);
        }

        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage()).startsWith("1 backup event(s) dropped:");
        // 50 s later: the 999 since the first line are said at once
        drops.flush();
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).startsWith("999 backup event(s) dropped in the last 49 s")
                .contains("1000 dropped since the start");
        assertThat(drops.total()).isEqualTo(1000);
    }

    @Test
    void afterTheIntervalTheNextDropIsLoggedWithTheCountSinceTheLastLine() {
        DropLog drops = new DropLog(10, Duration.ofMinutes(1), now::get);
        drops.dropped(1);
        drops.dropped(3);
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        drops.dropped(1);

        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).startsWith("4 backup event(s) dropped in the last 61 s");
    }
}
