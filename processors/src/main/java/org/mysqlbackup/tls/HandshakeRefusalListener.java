package org.mysqlbackup.tls;

/** Hears of every client certificate the server refused during a TLS handshake. */
@FunctionalInterface
public interface HandshakeRefusalListener {
    /**
     * @param clientId the common name of the presented certificate, or null if it has none
     * @param remote   the peer's address as {@code host:port}, or {@code unknown}
     * @param reason   why it was refused, e.g. {@code certificate revoked (serial 1f..)}
     */
    void refused(String clientId, String remote, String reason);
}
