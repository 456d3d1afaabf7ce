package org.mysqlbackup.fetch;

import org.mysqlbackup.protocol.ChunkData;

/** A chunk as it arrived, its SHA-256 already checked against its metadata. */
public record ReceivedChunk(ChunkData data, byte[] bytes) {
}
