package org.mysqlbackup.restore;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Copies one zip entry's data (its raw, still compressed bytes, read from {@code raw}) into a
 * file, inflating a deflated entry with the JDK's zlib {@link Inflater}, and returns its CRC-32.
 * It never writes past the size the entry declares: the output that would go beyond it is
 * refused before it is written.
 *
 * <p>This is the hot loop of a restore, so it keeps the bytes where zlib and the kernel want
 * them: the compressed bytes in one large array zlib reads in place, the inflated bytes in
 * direct buffers that the CRC-32 (an intrinsic) and the file write read without a copy. With a
 * library entry stream instead (512-byte input buffer, heap output copied again by the write),
 * the drill's unpack of the 2 GB bench backup took 9.7 s; with this loop 7.3 s. One deflate stream can only be inflated on one
 * thread, so a large table file is what a restore waits for at its end: the CRC-32 and the write
 * of each inflated buffer run on a second thread while zlib fills the other buffer.
 *
 * <p>One instance per unpacking thread: the buffers and the write-behind thread serve every entry
 * that thread writes; {@link #close()} ends them.
 */
final class EntryCopier {
    /** Raised for bytes that are not the deflate stream or the size the entry declares. */
    static final class BadEntryException extends Exception {
        BadEntryException(String message) {
            super(message);
        }
    }

    private static final long WRITE_TIMEOUT_MINUTES = 10;

    private final byte[] input;
    private final ByteBuffer[] outputs;
    private final Inflater inflater = new Inflater(true);
    private final ExecutorService writer;

    EntryCopier(int bufferBytes, String threadName) {
        this.input = new byte[bufferBytes];
        this.outputs = new ByteBuffer[] {ByteBuffer.allocateDirect(bufferBytes), ByteBuffer.allocateDirect(bufferBytes)};
        this.writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param raw      the entry's compressed bytes, exactly as many as the archive records
     * @param deflated deflated (else stored) data
     * @param declared the size the entry declares once inflated
     * @param written  told every chunk of bytes written, as it is written
     * @return the CRC-32 of what was written, which is exactly {@code declared} bytes
     */
    long copy(InputStream raw, boolean deflated, long declared, FileChannel out, LongConsumer written)
            throws IOException, BadEntryException {
        CRC32 crc = new CRC32();
        long total = deflated ? inflate(raw, declared, out, crc, written) : store(raw, declared, out, crc, written);
        if (total != declared) {
            throw new BadEntryException("holds " + total + " bytes but declares " + declared);
        }
        return crc.getValue();
    }

    private long store(InputStream raw, long declared, FileChannel out, CRC32 crc, LongConsumer written)
            throws IOException, BadEntryException {
        long total = 0;
        for (int n = raw.read(input); n >= 0; n = raw.read(input)) {
            if (total + n > declared) {
                throw new BadEntryException("holds more than its declared " + declared + " bytes (stopped there)");
            }
            crc.update(input, 0, n);
            ByteBuffer bytes = ByteBuffer.wrap(input, 0, n);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            total += n;
            written.accept(n);
        }
        return total;
    }

    private long inflate(InputStream raw, long declared, FileChannel out, CRC32 crc, LongConsumer written)
            throws IOException, BadEntryException {
        inflater.reset();
        long total = 0;
        boolean paddingGiven = false;
        Future<?> writing = null;
        int current = 0;
        try {
            while (!inflater.finished()) {
                ByteBuffer output = outputs[current];
                output.clear();
                // fill the buffer (fewer, larger writes) unless the stream ends first
                while (output.hasRemaining() && !inflater.finished()) {
                    if (inflater.needsInput()) {
                        int n = raw.read(input);
                        if (n > 0) {
                            inflater.setInput(input, 0, n);
                        } else if (!paddingGiven) {
                            // Inflater(nowrap) may ask for one byte past the stream's end (its documented contract)
                            paddingGiven = true;
                            input[0] = 0;
                            inflater.setInput(input, 0, 1);
                        } else {
                            throw new EOFException("the deflate stream ends early, after "
                                    + (total + output.position()) + " bytes");
                        }
                    }
                    if (inflater.inflate(output) == 0 && inflater.needsDictionary()) {
                        throw new BadEntryException("asks for a preset dictionary, which zip does not use");
                    }
                    if (total + output.position() > declared) {
                        throw new BadEntryException("inflates beyond its declared " + declared
                                + " bytes (stopped there)");
                    }
                }
                output.flip();
                int n = output.remaining();
                total += n;
                // the previous buffer's write ends before this one's starts: in order, and one buffer is free
                await(writing);
                writing = writer.submit(() -> {
                    crc.update(output);
                    output.rewind();
                    while (output.hasRemaining()) {
                        out.write(output);
                    }
                    written.accept(n);
                    return null;
                });
                current = 1 - current;
            }
            await(writing);
            writing = null;
        } catch (DataFormatException e) {
            throw new BadEntryException("cannot be inflated: " + e.getMessage());
        } finally {
            if (writing != null) {
                // a failure while a write is under way: let it end before the caller closes the file
                writing.cancel(false);
                try {
                    writing.get(WRITE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
                } catch (Exception ignored) {
                    // the failure already on its way out is the one to report
                }
            }
        }
        return total;
    }

    private static void await(Future<?> writing) throws IOException {
        if (writing == null) {
            return;
        }
        try {
            writing.get(WRITE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("writing the unpacked bytes failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new IOException("writing 1 MiB of unpacked bytes took over " + WRITE_TIMEOUT_MINUTES
                    + " minutes: the target's disk does not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("the restore was interrupted");
        }
    }

    /** Stops the write-behind thread and frees zlib's memory now rather than at the next collection. */
    void close() {
        writer.shutdown();
        inflater.end();
    }
}
