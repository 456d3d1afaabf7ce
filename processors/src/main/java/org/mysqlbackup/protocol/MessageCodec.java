package org.mysqlbackup.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Converts message records to and from frame metadata (JSON, never Java serialization).
 * Unknown JSON fields are ignored so a newer peer may add fields without breaking an older one.
 */
public class MessageCodec {
    private static final Map<Class<?>, FrameType> TYPES = Map.ofEntries(
            Map.entry(InitTransfer.class, FrameType.INIT),
            Map.entry(TransferAccepted.class, FrameType.ACCEPTED),
            Map.entry(ChunkHeader.class, FrameType.CHUNK),
            Map.entry(ChunkStored.class, FrameType.CHUNK_STORED),
            Map.entry(FinalizeTransfer.class, FrameType.FINALIZE),
            Map.entry(TransferStored.class, FrameType.STORED),
            Map.entry(ProtocolError.class, FrameType.ERROR),
            Map.entry(SpaceQuery.class, FrameType.SPACE_QUERY),
            Map.entry(SpaceAnswer.class, FrameType.SPACE),
            Map.entry(ListQuery.class, FrameType.LIST_QUERY),
            Map.entry(BackupList.class, FrameType.LIST),
            Map.entry(FetchOpen.class, FrameType.FETCH_OPEN),
            Map.entry(FetchReady.class, FrameType.FETCH_READY),
            Map.entry(FetchChunk.class, FrameType.FETCH_CHUNK),
            Map.entry(ChunkData.class, FrameType.CHUNK_DATA));

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    public Frame frame(Record message) {
        return frame(message, null);
    }

    public Frame frame(Record message, byte[] payload) {
        FrameType type = TYPES.get(message.getClass());
        if (type == null) {
            throw new IllegalArgumentException(message.getClass().getSimpleName() + " is not a protocol message");
        }
        try {
            return new Frame(type, json.writeValueAsBytes(message), payload);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + type, e);
        }
    }

    /**
     * Reads the metadata of {@code frame} as {@code messageType}.
     *
     * @throws ProtocolException if the frame is an ERROR frame (carrying the peer's reason; a
     *                           {@link RetryableProtocolException} when its code is retryable), or of
     *                           another type than expected, or its metadata is not valid JSON for it
     */
    public <T extends Record> T read(Frame frame, Class<T> messageType) {
        if (frame.type() == FrameType.ERROR && messageType != ProtocolError.class) {
            ProtocolError error = read(frame, ProtocolError.class);
            ErrorCode code = error.code() == null ? ErrorCode.INTERNAL : error.code();
            String reason = "server refused: " + error.message();
            throw code.retryable() ? new RetryableProtocolException(code, reason) : new ProtocolException(code, reason);
        }
        FrameType expected = TYPES.get(messageType);
        if (frame.type() != expected) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "expected a " + expected + " frame, got " + frame.type());
        }
        try {
            T message = json.readValue(frame.metadata(), messageType);
            if (message == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "unreadable " + frame.type() + " metadata: null");
            }
            return message;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "unreadable " + frame.type() + " metadata: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "unreadable " + frame.type() + " metadata: " + e.getMessage());
        }
    }

    /** An ERROR frame for a failure; a {@link ProtocolException} keeps its code, anything else is INTERNAL. */
    public Frame error(Throwable failure) {
        ErrorCode code = failure instanceof ProtocolException pe ? pe.code() : ErrorCode.INTERNAL;
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return frame(new ProtocolError(code, message));
    }
}
