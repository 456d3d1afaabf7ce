package org.mysqlbackup.fetch;

/** The server could not be reached (connection refused or cut, timeout, TLS handshake failed). */
public class ServerUnreachableException extends FetchException {
    public ServerUnreachableException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
