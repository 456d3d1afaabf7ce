package org.mysqlbackup.protocol;

/**
 * Constants of the frame header shared by {@link FrameEncoder} and {@link FrameDecoder}.
 * The layout itself is documented on {@link FrameDecoder}.
 */
public final class FrameLayout {
    /** "MB": lets the server reject a stray connection (HTTP, a port scanner) at the first frame. */
    public static final short MAGIC = 0x4D42;
    public static final byte VERSION = 1;
    /** Size of the length prefix, which counts the bytes that follow it. */
    public static final int LENGTH_FIELD_BYTES = 4;
    /** magic (2) + version (1) + type (1) + metadata length (4). */
    public static final int HEADER_BYTES = 8;
    /** Metadata is a handful of fields; anything larger is an attack or a bug. */
    public static final int MAX_METADATA_BYTES = 64 * 1024;

    private FrameLayout() {
    }
}
