package org.mysqlbackup.alert;

import java.time.Duration;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.DefaultAuthenticator;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * Prepares the camel-mail producer endpoint for the alert mail server and returns its URI, e.g.
 * {@code smtp://mail.example.com:587?connectionTimeout=10000&mail.smtp.writetimeout=10000
 * &mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true&authenticator=#bean:alertMailAuthenticator}.
 *
 * <p>The SMTP user name and password are not in the URI: they are bound in the Camel registry as
 * a camel-mail authenticator that the URI references. In a URI they would pass through Camel's
 * URI parsing, which no quoting survives for every password: percent-encoding is decoded twice
 * (a "%" in the password becomes an escape, or an error), {@code RAW(...)} breaks on "&&" or on
 * its own closing bracket, and {@code {{...}}} is resolved as a property placeholder. Out of the
 * URI, any password works, and none can show up in an endpoint listing.
 */
public final class MailEndpointFactory {
    /** Registry name of the SMTP credentials. */
    public static final String AUTHENTICATOR_BEAN = "alertMailAuthenticator";
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private MailEndpointFactory() {
    }

    /**
     * From the {@code alert.mail.*} keys; call only when {@code alert.mail.enabled} is true. Binds
     * the credentials, if any, in the context's registry.
     */
    public static String fromSettings(Settings settings, CamelContext context) {
        String host = settings.string("alert.mail.host");
        if (!host.matches("[A-Za-z0-9._:\\[\\]-]+")) {
            throw new InvalidSettingException("alert.mail.host", "'" + host + "' is not a host name or address");
        }
        String securityValue = settings.string("alert.mail.security", "starttls");
        MailSecurity security = MailSecurity.parse(securityValue);
        if (security == null) {
            throw new InvalidSettingException("alert.mail.security", "'" + securityValue
                    + "' is not one of none, starttls, ssl");
        }
        int port = settings.integer("alert.mail.port", security.defaultPort(), 1, 65535);
        Duration timeout = settings.duration("alert.mail.timeout-ms", Duration.ofSeconds(10));
        if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidSettingException("alert.mail.timeout-ms", "must be more than 0 and at most 10 minutes");
        }
        Optional<String> username = settings.optional("alert.mail.username");
        Optional<String> password = settings.optional("alert.mail.password");
        if (password.isPresent() && username.isEmpty()) {
            throw new InvalidSettingException("alert.mail.username", "is required when alert.mail.password is set");
        }
        if (username.isPresent()) {
            // a user without a password is legal SMTP AUTH input; JavaMail then sends an empty one
            context.getRegistry().bind(AUTHENTICATOR_BEAN, new DefaultAuthenticator(username.get(), password.orElse("")));
        }
        return uri(host, port, security, username.isPresent(), timeout);
    }

    /**
     * @param authenticate reference the credentials bound as {@link #AUTHENTICATOR_BEAN}
     */
    public static String uri(String host, int port, MailSecurity security, boolean authenticate, Duration timeout) {
        String protocol = security.scheme();
        long millis = timeout.toMillis();
        // connectionTimeout is camel-mail's, and it sets both JavaMail's connect and read timeouts;
        // the write timeout is JavaMail's own: without it a server that stops reading hangs the send
        StringBuilder uri = new StringBuilder(protocol).append("://").append(host).append(':').append(port)
                .append("?connectionTimeout=").append(millis)
                .append("&mail.").append(protocol).append(".writetimeout=").append(millis);
        if (security == MailSecurity.STARTTLS) {
            // required: a server (or a man in the middle) that does not offer STARTTLS gets no mail
            // and, above all, no password in clear text
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        if (authenticate) {
            uri.append("&authenticator=#bean:").append(AUTHENTICATOR_BEAN);
        }
        return uri.toString();
    }
}
