package org.mysqlbackup.events;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation of the events route's recipient list: an endpoint that failed is logged, with
 * the event and the reason, and its failure goes no further, so the other endpoints still get
 * the event and the publisher goes on with the next one. Bound as {@code eventDeliveryFailures}.
 */
public final class EventDeliveryFailures implements AggregationStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(EventDeliveryFailures.class);

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (newExchange == null) {
            return oldExchange;
        }
        Exception failure = newExchange.getException();
        if (failure != null) {
            String endpoint = newExchange.getProperty(ExchangePropertyKey.RECIPIENT_LIST_ENDPOINT, String.class);
            LOG.warn("Could not deliver backup event {} to {}: {}",
                    newExchange.getMessage().getHeader(RouteEventSender.EVENT_HEADER), endpoint, describe(failure));
            newExchange.setException(null);
        }
        return oldExchange == null ? newExchange : oldExchange;
    }

    private static String describe(Throwable failure) {
        Throwable shown = failure;
        while (shown.getCause() != null && shown.getCause() != shown
                && shown instanceof org.apache.camel.RuntimeCamelException) {
            shown = shown.getCause();
        }
        return shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.toString();
    }
}
