package org.mysqlbackup.alert;

/**
 * One way of reaching the operators (mail, webhook, ...). Implementations make one attempt per
 * call and throw when it fails; retrying and isolating channels from one another is the
 * {@link AlertNotifier}'s job, so a channel stays a thin adapter over its transport.
 */
public interface AlertChannel {

    /** A short name for logs and delivery reports, e.g. {@code mail}; never contains a secret. */
    String name();

    /** Delivers the alert once, or throws (any exception) saying why it could not. */
    void send(AlertMessage alert);
}
