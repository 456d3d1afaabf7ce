package org.mysqlbackup.protocol;

/**
 * Describes the payload of a CHUNK frame.
 *
 * @param index  0-based chunk number; the chunk starts at {@code index * chunkSize}
 * @param length payload length, equal to the frame's payload size
 * @param sha256 hex SHA-256 of the payload, checked by the server before it acknowledges
 */
public record ChunkHeader(String transferId, int index, long offset, int length, String sha256) {
}
