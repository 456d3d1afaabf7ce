package org.mysqlbackup.ui;

import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * A server-sent events answer ({@code text/event-stream}): one {@code data:} event every
 * {@code period} with what {@code next} returns, for at most {@code lifetime}; then the answer
 * ends and the browser's EventSource reconnects by itself after the {@code retry} it was told.
 * The events are written straight to the HTTP response as they come (Camel's own answer of an
 * InputStream body is buffered 8 KiB at a time, which would hold a live view back for minutes);
 * Camel finds the response ended and adds nothing. A bounded life keeps a forgotten tab from
 * holding a worker thread for ever, and a closed tab ends the stream at the next beat.
 */
public final class EventStream {
    private final Duration period;
    private final Duration lifetime;

    public EventStream(Duration period, Duration lifetime) {
        this.period = period;
        this.lifetime = lifetime;
    }

    /**
     * Streams on the calling (worker) thread until the lifetime is over or the browser goes.
     *
     * @param next the JSON of the next event, one line; null sends a comment line instead (a beat)
     */
    public void stream(Exchange exchange, Supplier<String> next) throws InterruptedException {
        if (!(exchange.getIn() instanceof HttpMessage http)) {
            throw new IllegalStateException("server-sent events need the platform-http engine's request");
        }
        HttpServerResponse response = http.getResponse();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store");
        response.write("retry: " + Math.max(500, period.toMillis()) + "\n\n");
        long end = System.nanoTime() + lifetime.toNanos();
        while (System.nanoTime() < end && !response.closed()) {
            String json = next.get();
            response.write(json == null ? ": beat\n\n" : "data: " + json.replace('\n', ' ') + "\n\n");
            Thread.sleep(period.toMillis());
        }
        if (!response.ended()) {
            // also when the browser went: an ended response is one Camel does not try to answer again
            try {
                response.end();
            } catch (IllegalStateException alreadyGone) {
                // the connection closed between the check and the end
            }
        }
    }
}
