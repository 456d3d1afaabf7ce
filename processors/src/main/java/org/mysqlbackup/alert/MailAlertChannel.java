package org.mysqlbackup.alert;

import java.util.List;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Mails the alert as plain text through camel-mail, one message to all recipients.
 *
 * <p>The endpoint URI comes from {@link MailEndpointFactory}; it is kept out of {@link #name()},
 * {@link #toString()} and error messages all the same, in case a URI written by hand holds a password.
 */
public final class MailAlertChannel implements AlertChannel {
    private final ProducerTemplate template;
    private final String endpointUri;
    private final String from;
    private final List<String> recipients;

    public MailAlertChannel(ProducerTemplate template, String endpointUri, String from, List<String> recipients) {
        this.template = Objects.requireNonNull(template, "template");
        this.endpointUri = Objects.requireNonNull(endpointUri, "endpointUri");
        this.from = Objects.requireNonNull(from, "from");
        this.recipients = List.copyOf(recipients);
        if (this.recipients.isEmpty()) {
            throw new IllegalArgumentException("an alert mail needs at least one recipient");
        }
    }

    @Override
    public String name() {
        return "mail";
    }

    public List<String> recipients() {
        return recipients;
    }

    @Override
    public void send(AlertMessage alert) {
        Exchange result = template.send(endpointUri, exchange -> {
            exchange.getIn().setHeader("Subject", alert.subject());
            exchange.getIn().setHeader("From", from);
            exchange.getIn().setHeader("To", String.join(",", recipients));
            // charset spelled out: reasons quote MySQL and OS messages, which need not be ASCII
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
            exchange.getIn().setBody(alert.body());
        });
        if (result.getException() != null) {
            throw new AlertDeliveryException("mail to " + String.join(", ", recipients) + " failed: "
                    + AlertDeliveryException.rootCauseOf(result.getException()), result.getException());
        }
    }

    @Override
    public String toString() {
        return "MailAlertChannel[to=" + recipients + "]";
    }
}
