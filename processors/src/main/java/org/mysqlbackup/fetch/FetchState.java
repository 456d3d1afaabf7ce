package org.mysqlbackup.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.List;

/**
 * The resume record of one fetch, beside its part file: a first line naming the backup (id, size,
 * SHA-256, chunk size) and then one line per chunk written, appended after the chunk's bytes are in
 * the part file; a {@code .lock} file beside, locked while a fetch runs, keeps a second fetch of the
 * same backup into the same folder out. A fetch cut in the middle finds the chunks it has and asks only for the others; a
 * line cut by a crash is ignored (that chunk is asked again). Written without fsync: a chunk
 * recorded whose bytes a power cut lost is caught by the whole-file SHA-256, which starts over.
 *
 * <pre>
 * fetch 7 1048576 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 262144
 * 0
 * 2
 * 1
 * </pre>
 */
final class FetchState implements AutoCloseable {
    /** What the part file is a copy of; a record of another backup or cut is started over. */
    record Header(long backupId, long size, String sha256, int chunkSize) {
        String line() {
            return "fetch " + backupId + " " + size + " " + sha256 + " " + chunkSize;
        }

        static Header parse(String line) {
            String[] fields = line.split(" ");
            if (fields.length != 5 || !fields[0].equals("fetch")) {
                return null;
            }
            try {
                return new Header(Long.parseLong(fields[1]), Long.parseLong(fields[2]), fields[3],
                        Integer.parseInt(fields[4]));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        boolean sameFile(Header other) {
            return other != null && backupId == other.backupId && size == other.size && sha256.equals(other.sha256);
        }
    }

    private final Header header;
    private final BitSet done;
    private final FileChannel log;
    private final FileChannel lock;
    private final Path lockFile;

    private FetchState(Header header, BitSet done, FileChannel log, FileChannel lock, Path file) {
        this.header = header;
        this.done = done;
        this.log = log;
        this.lock = lock;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * The record at {@code file} if it is one of the same backup whose chunk size this client still
     * takes (up to {@code maxChunkSize}) and whose {@code part} file exists; otherwise a new record
     * of {@code wanted} (the old part file deleted).
     */
    static FetchState open(Path file, Path part, Header wanted, int maxChunkSize) throws IOException {
        // two fetches of one backup into one folder would write the same part file
        FileChannel lock = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (lock.tryLock() == null) {
                throw new FetchException("another fetch of backup " + wanted.backupId() + " into " + file.getParent()
                        + " is running", true, null);
            }
            return open(file, part, wanted, maxChunkSize, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static FetchState open(Path file, Path part, Header wanted, int maxChunkSize, FileChannel lock)
            throws IOException {
        Header header = wanted;
        BitSet done = new BitSet();
        if (Files.exists(file) && Files.exists(part)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Header recorded = lines.isEmpty() ? null : Header.parse(lines.get(0));
            if (recorded != null && recorded.sameFile(wanted) && recorded.chunkSize() <= maxChunkSize
                    && recorded.chunkSize() > 0) {
                header = recorded;
                int count = org.mysqlbackup.protocol.FetchReady.chunkCount(recorded.size(), recorded.chunkSize());
                String content = Files.readString(file, StandardCharsets.UTF_8);
                boolean complete = content.endsWith("\n");
                for (int i = 1; i < lines.size(); i++) {
                    if (i == lines.size() - 1 && !complete) {
                        break;
                    }
                    try {
                        int index = Integer.parseInt(lines.get(i).trim());
                        if (index >= 0 && index < count) {
                            done.set(index);
                        }
                    } catch (NumberFormatException e) {
                        // a line cut by a crash: that chunk is fetched again
                    }
                }
            }
        }
        if (header == wanted) {
            Files.deleteIfExists(part);
            Files.writeString(file, wanted.line() + "\n", StandardCharsets.UTF_8);
        } else if (!Files.readString(file, StandardCharsets.UTF_8).endsWith("\n")) {
            // end a line cut by a crash, so the next one appended is a line of its own
            Files.writeString(file, "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        return new FetchState(header, done, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                lock, file);
    }

    Header header() {
        return header;
    }

    /** The chunks written before, a copy. */
    synchronized BitSet done() {
        return (BitSet) done.clone();
    }

    /** Records chunk {@code index} as written (its bytes are in the part file). */
    synchronized void written(int index) throws IOException {
        done.set(index);
        ByteBuffer line = ByteBuffer.wrap((index + "\n").getBytes(StandardCharsets.US_ASCII));
        while (line.hasRemaining()) {
            log.write(line);
        }
    }

    /** Closes the record and gives up the lock (its file is removed: nothing else uses it). */
    @Override
    public void close() throws IOException {
        try {
            log.close();
        } finally {
            Files.deleteIfExists(lockFile);
            lock.close();
        }
    }
}
