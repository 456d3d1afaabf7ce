package org.mysqlbackup.protocol;

/** Why the server refused a request; {@code code} is one of {@link ErrorCode}. */
public record ProtocolError(ErrorCode code, String message) {
}
