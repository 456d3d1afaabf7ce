package org.mysqlbackup.alert;

import java.util.Locale;

/** How the connection to the SMTP server is protected ({@code alert.mail.security}). */
public enum MailSecurity {
    /** Plain SMTP: only for a relay on the same host or a trusted network. */
    NONE("smtp", 25),
    /** SMTP upgraded with STARTTLS, which is required: never falls back to plain text. */
    STARTTLS("smtp", 587),
    /** SMTP inside TLS from the first byte ("SMTPS", implicit TLS). */
    SSL("smtps", 465);

    private final String scheme;
    private final int defaultPort;

    MailSecurity(String scheme, int defaultPort) {
        this.scheme = scheme;
        this.defaultPort = defaultPort;
    }

    /** The camel-mail scheme, which is also the JavaMail protocol name in {@code mail.<protocol>.*}. */
    public String scheme() {
        return scheme;
    }

    /** The port such servers usually listen on. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Parses {@code none}, {@code starttls} or {@code ssl}; {@code null} if it is none of them. */
    static MailSecurity parse(String value) {
        for (MailSecurity security : values()) {
            if (security.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                return security;
            }
        }
        return null;
    }
}
