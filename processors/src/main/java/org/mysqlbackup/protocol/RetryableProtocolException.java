package org.mysqlbackup.protocol;

/**
 * A refusal that sending the same request again may cure (a chunk damaged in transit). Its own
 * class so the client's redelivery policy can name it in the route file.
 */
public class RetryableProtocolException extends ProtocolException {
    public RetryableProtocolException(ErrorCode code, String message) {
        super(code, message);
    }
}
