package org.mysqlbackup.protocol;

/**
 * A request the server refuses for a stated reason. On the server it becomes an
 * {@link FrameType#ERROR} frame; on the client an ERROR frame becomes this exception again.
 */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
