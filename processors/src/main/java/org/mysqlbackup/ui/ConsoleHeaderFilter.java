package org.mysqlbackup.ui;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * What crosses from a console route's message to the HTTP answer: only the headers an answer of
 * ours means to send. Camel otherwise copies every message header out, the request's own
 * included, so a {@code Cookie} or the guard's {@code UiUser} would be echoed back.
 */
public class ConsoleHeaderFilter extends HttpHeaderFilterStrategy {
    private static final Set<String> OUTGOING = Set.of("content-type", "set-cookie", "retry-after",
            "content-disposition", "location", "x-total-count");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !OUTGOING.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
