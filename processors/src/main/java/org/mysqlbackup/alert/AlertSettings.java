package org.mysqlbackup.alert;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.ProducerTemplate;
import org.mysqlbackup.config.HostName;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * Reads the {@code alert.*} keys and builds the notifier and its channels, at start-up, so a
 * mistyped address fails the start rather than the first alert, hours later, with MySQL down.
 *
 * <pre>
 * alert.min-severity       failure | critical (failure)
 * alert.host-name          name used in alerts (this machine's host name)
 * alert.mail.enabled       false
 * alert.mail.host          required when enabled
 * alert.mail.port          587 (465 with ssl, 25 with none)
 * alert.mail.security      none | starttls | ssl (starttls)
 * alert.mail.username      SMTP AUTH user; none: no AUTH
 * alert.mail.password      SMTP AUTH password (from the environment); any characters
 * alert.mail.from          required when enabled
 * alert.mail.to            comma-separated, at least one, required when enabled
 * alert.mail.timeout-ms    10000
 * alert.webhook.url        http(s) URL; empty: no webhook
 * alert.webhook.timeout-ms 10000
 * </pre>
 */
public final class AlertSettings {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private AlertSettings() {
    }

    /** The notifier with the configured channels and minimum severity, and the default retries. */
    public static AlertNotifier notifier(Settings settings, ProducerTemplate template) {
        return new AlertNotifier(channels(settings, template), minSeverity(settings));
    }

    /** The configured channels, mail first; empty when none is (the log still gets every alert). */
    public static List<AlertChannel> channels(Settings settings, ProducerTemplate template) {
        List<AlertChannel> channels = new ArrayList<>();
        if (settings.bool("alert.mail.enabled", false)) {
            channels.add(mail(settings, template));
        }
        settings.optional("alert.webhook.url")
                .ifPresent(url -> channels.add(new WebhookAlertChannel(template, webhookUrl(url),
                        timeout(settings, "alert.webhook.timeout-ms"))));
        return List.copyOf(channels);
    }

    public static AlertSeverity minSeverity(Settings settings) {
        String value = settings.string("alert.min-severity", "failure");
        AlertSeverity severity = AlertSeverity.parse(value);
        if (severity == null) {
            throw new InvalidSettingException("alert.min-severity", "'" + value + "' is not failure or critical");
        }
        return severity;
    }

    /** The name alerts give this machine: {@code alert.host-name}, else the local host name. */
    public static String hostName(Settings settings) {
        return settings.optional("alert.host-name").orElseGet(HostName::local);
    }

    private static MailAlertChannel mail(Settings settings, ProducerTemplate template) {
        String endpointUri = MailEndpointFactory.fromSettings(settings, template.getCamelContext());
        String from = address("alert.mail.from", settings.string("alert.mail.from"));
        List<String> to = new ArrayList<>();
        for (String recipient : settings.string("alert.mail.to").split(",")) {
            if (!recipient.isBlank()) {
                to.add(address("alert.mail.to", recipient.strip()));
            }
        }
        if (to.isEmpty()) {
            throw new InvalidSettingException("alert.mail.to", "needs at least one address");
        }
        return new MailAlertChannel(template, endpointUri, from, to);
    }

    private static String address(String key, String value) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            return address.toString();
        } catch (AddressException e) {
            throw new InvalidSettingException(key, "'" + value + "' is not a mail address (" + e.getMessage() + ")");
        }
    }

    private static String webhookUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new InvalidSettingException("alert.webhook.url", "must be an http:// or https:// URL with a host");
            }
            // the scheme picks the Camel component, whose names are lower case
            return scheme + url.substring(scheme.length());
        } catch (URISyntaxException e) {
            // the message quotes the URL, which may hold a token: name the position only
            throw new InvalidSettingException("alert.webhook.url", "is not a valid URL (" + e.getReason()
                    + " at index " + e.getIndex() + ")");
        }
    }

    private static Duration timeout(Settings settings, String key) {
        Duration timeout = settings.duration(key, DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidSettingException(key, "must be more than 0 and at most 10 minutes");
        }
        return timeout;
    }
}
