package org.mysqlbackup.protocol;

/**
 * One chunk of a stored backup, the answer to {@link FetchChunk}: a CHUNK_DATA frame (type 15),
 * this record as JSON metadata and the chunk's bytes as payload. Example, a 5-byte last chunk
 * (SHA-256 shortened to "ab" here; on the wire it is 64 hex digits):
 * <pre>
 * 00 00 00 4F  4D 42  01  0F          00 00 00 42
 * length=79    magic  v1  CHUNK_DATA  M=66
 * 7B 22 62 61 63 6B 75 70 49 64 22 3A 37 2C 22 69 6E 64 65 78 22 3A 32 2C 22 6F 66 66 73 65
 * 74 22 3A 32 30 39 37 31 35 32 2C 22 6C 65 6E 67 74 68 22 3A 35 2C 22 73 68 61 32 35 36 22
 * 3A 22 61 62 22 7D  68 65 6C 6C 6F
 * {"backupId":7,"index":2,"offset":2097152,"length":5,"sha256":"ab"}  hello
 * </pre>
 * The client's frame decoder caps the frame at its largest chunk plus the metadata cap before
 * anything is allocated; {@link #requireMatches} then checks the record against what was asked.
 *
 * @param sha256 hex SHA-256 of the payload, which the client checks before it writes a byte
 */
public record ChunkData(long backupId, int index, long offset, int length, String sha256) {
    /**
     * @throws ProtocolException unless this is the chunk asked for: same backup and index, at the
     *                           offset the chunk size gives, with {@code expectedLength} bytes
     *                           that the payload holds exactly
     */
    public ChunkData requireMatches(FetchChunk asked, int expectedLength, int payloadLength) {
        if (backupId != asked.backupId() || index != asked.index()
                || offset != (long) asked.index() * asked.chunkSize() || length != expectedLength
                || payloadLength != expectedLength) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "CHUNK_DATA " + this + " with " + payloadLength
                    + " payload bytes does not answer " + asked + " (" + expectedLength + " bytes expected)");
        }
        return this;
    }
}
