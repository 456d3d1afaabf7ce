package org.mysqlbackup.protocol;

/**
 * The kinds of frame on the wire. The code is the byte written in the frame header; codes are
 * never reused, so an old peer fails loudly on a new type instead of misreading it.
 */
public enum FrameType {
    /** Client asks to open (or resume) a transfer. Metadata: {@link InitTransfer}. */
    INIT(1),
    /** Server accepts a transfer. Metadata: {@link TransferAccepted}; payload: bitmap of chunks already held. */
    ACCEPTED(2),
    /** One chunk of the file. Metadata: {@link ChunkHeader}; payload: the chunk bytes. */
    CHUNK(3),
    /** Server verified and stored one chunk. Metadata: {@link ChunkStored}. */
    CHUNK_STORED(4),
    /** Client has sent every chunk. Metadata: {@link FinalizeTransfer}. */
    FINALIZE(5),
    /** Server verified the whole file and filed it. Metadata: {@link TransferStored}. */
    STORED(6),
    /** The request was refused. Metadata: {@link ProtocolError}. */
    ERROR(7),
    /** Client asks, before stopping MySQL, whether the server can take a file of a given size. Metadata: {@link SpaceQuery}. */
    SPACE_QUERY(8),
    /** The server's answer to SPACE_QUERY. Metadata: {@link SpaceAnswer}. */
    SPACE(9),
    /** Client asks for its stored backups, a page at a time. Metadata: {@link ListQuery}. */
    LIST_QUERY(10),
    /** One page of the client's stored backups. Metadata: {@link BackupList}. */
    LIST(11),
    /** Client selects a stored backup to download. Metadata: {@link FetchOpen}. */
    FETCH_OPEN(12),
    /** The selected backup and how it is cut into chunks. Metadata: {@link FetchReady}. */
    FETCH_READY(13),
    /** Client asks for one chunk of a stored backup. Metadata: {@link FetchChunk}. */
    FETCH_CHUNK(14),
    /** One chunk of a stored backup. Metadata: {@link ChunkData}; payload: the chunk bytes. */
    CHUNK_DATA(15);

    private final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** @throws MalformedFrameException for a code no version of the protocol defines */
    public static FrameType ofCode(byte code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new MalformedFrameException("unknown frame type " + (code & 0xff));
    }
}
