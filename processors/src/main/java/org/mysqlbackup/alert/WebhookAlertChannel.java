package org.mysqlbackup.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * POSTs the alert as a JSON object to a URL through camel-http, for chat tools, incident
 * managers and home-grown hooks:
 * <pre>
 * {"severity":"CRITICAL","host":"db-host-1","configName":"main","backupId":42,"step":"start-mysql",
 *  "reason":"...","action":"...","time":"2025-01-31T02:00:07Z","subject":"[mysql-backup] CRITICAL on ..."}
 * </pre>
 * Any answer outside 200..299 is a failure. The URL may carry a token in its path or query, so it
 * is never logged and never part of an error message; only its host is.
 */
public final class WebhookAlertChannel implements AlertChannel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate template;
    private final String url;
    private final String endpointUri;
    private final String host;

    /**
     * @param url     an http or https URL
     * @param timeout bounds the connection, the wait for a pooled connection and the wait for the answer
     */
    public WebhookAlertChannel(ProducerTemplate template, String url, Duration timeout) {
        this.template = Objects.requireNonNull(template, "template");
        this.url = Objects.requireNonNull(url, "url");
        URI parsed = URI.create(url);
        this.host = parsed.getHost();
        this.endpointUri = endpointUri(parsed, timeout);
    }

    /**
     * The camel-http endpoint: only scheme, host and port of the webhook, plus the timeouts, and
     * failures answered as status codes, so the error this channel reports cannot contain the
     * URL. The URL itself goes in the {@code CamelHttpUri} header of each request: as part of an
     * endpoint URI Camel would normalise it, decoding {@code %2F} and {@code %2B} in a signed
     * URL's path and query and sorting its parameters, and the signature would no longer match.
     */
    static String endpointUri(URI url, Duration timeout) {
        long millis = timeout.toMillis();
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + "?connectTimeout=" + millis
                + "&connectionRequestTimeout=" + millis
                + "&responseTimeout=" + millis
                + "&soTimeout=" + millis
                + "&throwExceptionOnFailure=false";
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(AlertMessage alert) {
        String json = toJson(alert);
        Exchange result = template.send(endpointUri, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_URI, url);
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getIn().setBody(json);
        });
        if (result.getException() != null) {
            throw new AlertDeliveryException("webhook POST to " + host + " failed: "
                    + AlertDeliveryException.rootCauseOf(result.getException()), result.getException());
        }
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status < 200 || status > 299) {
            throw new AlertDeliveryException("webhook POST to " + host + " answered HTTP " + status
                    + describe(result.getMessage().getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class)));
        }
    }

    static String toJson(AlertMessage alert) {
        Map<String, Object> fields = alert.fields();
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }

    private static String describe(String reasonPhrase) {
        return reasonPhrase == null || reasonPhrase.isBlank() ? "" : " " + reasonPhrase.strip();
    }

    @Override
    public String toString() {
        return "WebhookAlertChannel[host=" + host + "]";
    }
}
