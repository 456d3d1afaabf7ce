package org.mysqlbackup.alert;

import java.util.Map;

/**
 * What a channel carries: a backup's {@link Alert} on the client, a server alert on the server.
 * Each kind of message words its own subject and body; the channels only transport them, so a
 * new kind of alert needs no new channel.
 */
public interface AlertMessage {

    AlertSeverity severity();

    /** One line, no line break (a mail header), that tells the reader whether to drop everything. */
    String subject();

    /** Plain text, every field labelled, the action last. */
    String body();

    /** The fields a webhook posts as one JSON object, in a stable order; values are strings or numbers. */
    Map<String, Object> fields();

    /** What the log line says after the subject: ids, reason and action, no secret. */
    String logDetails();
}
