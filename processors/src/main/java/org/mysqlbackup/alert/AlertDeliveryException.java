package org.mysqlbackup.alert;

/**
 * A channel could not deliver an alert. The message is written for the operator's log and never
 * contains the endpoint URI, which may hold a password or a webhook token.
 */
public class AlertDeliveryException extends RuntimeException {

    public AlertDeliveryException(String message) {
        super(message);
    }

    public AlertDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Describes the deepest cause: Camel wraps transport errors several times, and only the
     * innermost one ("Connection refused", "535 Authentication credentials invalid") tells the
     * operator what to fix.
     */
    static String rootCauseOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message.strip());
    }
}
