package org.mysqlbackup.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.mysqlbackup.protocol.BackupList;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.FetchChunk;
import org.mysqlbackup.protocol.FetchReady;
import org.mysqlbackup.protocol.ListQuery;
import org.mysqlbackup.protocol.ListedBackup;
import org.mysqlbackup.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches this client's stored backups back from the server, and lists them. A fetch downloads
 * into {@code fetch-<id>.zip.part} in the work folder, {@code chunksInFlight} chunks at a time,
 * each one's SHA-256 checked on arrival (a damaged chunk is asked again, as often as the transfer
 * retry policy allows), and records every chunk written in {@code fetch-<id>.zip.state} beside it:
 * a fetch cut in the middle goes on where it stopped at the next call, asking only for the chunks
 * it does not have. The whole-file SHA-256 is computed while the chunks arrive and compared with
 * the one recorded on the server before the file is fsynced and renamed {@code fetch-<id>.zip}.
 * A mismatch deletes the work files (they cannot be trusted) and says so; a refusal by the
 * server deletes them too; a cut or an unreachable server keeps them for the resume.
 *
 * <p>The last chunk comes first (a zip's central directory and the backup manifest are at its end),
 * then the others in order, so a {@link FetchObserver} such as {@link ArrivingFile} can check the
 * archive and unpack it right behind the download.
 */
public final class BackupFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(BackupFetcher.class);

    private final FetchChannel channel;
    private final int maxChunkSize;
    private final int chunksInFlight;
    private final ExecutorService workers;
    private final String server;

    /**
     * @param maxChunkSize   the largest chunk this client takes (its reply frames are capped by it)
     * @param workers        runs the chunk requests; at least {@code chunksInFlight} threads
     * @param server         host:port, for messages
     */
    public BackupFetcher(FetchChannel channel, int maxChunkSize, int chunksInFlight, ExecutorService workers,
                         String server) {
        this.channel = channel;
        this.maxChunkSize = maxChunkSize;
        this.chunksInFlight = chunksInFlight;
        this.workers = workers;
        this.server = server;
    }

    /** This client's stored backups (of one configuration, or all when null), oldest id first. */
    public List<StoredBackupInfo> list(String configOrNull) {
        List<StoredBackupInfo> backups = new ArrayList<>();
        long after = 0;
        while (true) {
            long from = after;
            BackupList page = call("list the stored backups", () -> channel.list(new ListQuery(configOrNull, from)));
            for (ListedBackup listed : page.backups()) {
                if (listed.id() <= after) {
                    throw new FetchException("the server listed backup " + listed.id() + " after " + after
                            + ": not in id order", false, null);
                }
                backups.add(StoredBackupInfo.of(listed));
                after = listed.id();
            }
            if (!page.more() || page.backups().isEmpty()) {
                return backups;
            }
        }
    }

    /**
     * Fetches the selected backup of this client into workDir, resumable, every chunk checked,
     * whole-file SHA-256 checked before returning.
     *
     * @throws FetchException with the reason; {@link FetchException#resumable()} when the next
     *                        call goes on from here
     */
    public FetchedBackup fetch(BackupSelector selector, Path workDir, FetchProgress progress) {
        return fetch(selector, workDir, progress, FetchObserver.NONE);
    }

    /** {@link #fetch(BackupSelector, Path, FetchProgress)}, told to {@code observer} as it happens. */
    public FetchedBackup fetch(BackupSelector selector, Path workDir, FetchProgress progress,
                               FetchObserver observer) {
        try {
            return fetchObserved(selector, workDir, progress, observer);
        } catch (RuntimeException | Error e) {
            observer.failed(e);
            throw e;
        }
    }

    private FetchedBackup fetchObserved(BackupSelector selector, Path workDir, FetchProgress progress,
                                        FetchObserver observer) {
        FetchReady ready = call("select " + selector, () -> channel.open(selector.request(maxChunkSize)));
        StoredBackupInfo info = StoredBackupInfo.of(ready.backup());
        Path part = workDir.resolve("fetch-" + info.id() + ".zip.part");
        Path stateFile = workDir.resolve("fetch-" + info.id() + ".zip.state");
        Path zip = workDir.resolve("fetch-" + info.id() + ".zip");
        try {
            Files.createDirectories(workDir);
            return download(info, ready.chunkSize(), part, stateFile, zip, progress, observer);
        } catch (IOException e) {
            // the local disk: full, or not writable; what was written stays for a resume
            throw new FetchException("cannot write " + part + ": " + e.getMessage(), true, e);
        } catch (FetchException e) {
            if (!e.resumable()) {
                deleteQuietly(part);
                deleteQuietly(stateFile);
            }
            throw e;
        }
    }

    /**
     * Deletes what a fetch of backup {@code id} left in {@code workDir} (the part file and its
     * resume record, or the finished zip): for a backup that is not wanted any more.
     */
    public static void discard(Path workDir, long id) throws IOException {
        for (String suffix : new String[] {".zip.part", ".zip.state", ".zip.state.lock", ".zip"}) {
            Files.deleteIfExists(workDir.resolve("fetch-" + id + suffix));
        }
    }

    private FetchedBackup download(StoredBackupInfo info, int offeredChunkSize, Path part, Path stateFile, Path zip,
                                   FetchProgress progress, FetchObserver observer) throws IOException {
        FetchState.Header wanted = new FetchState.Header(info.id(), info.size(), info.sha256(), offeredChunkSize);
        try (FetchState state = FetchState.open(stateFile, part, wanted, maxChunkSize);
             FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            int chunkSize = state.header().chunkSize();
            int count = FetchReady.chunkCount(info.size(), chunkSize);
            BitSet done = state.done();
            List<Integer> missing = new ArrayList<>();
            if (count > 0 && !done.get(count - 1)) {
                missing.add(count - 1);
            }
            for (int i = 0; i < count - 1; i++) {
                if (!done.get(i)) {
                    missing.add(i);
                }
            }
            if (done.cardinality() > 0) {
                LOG.info("Resuming the fetch of backup {}: {} of {} chunks are here, {} to fetch", info.id(),
                        done.cardinality(), count, missing.size());
            }
            SequentialDigest digest = new SequentialDigest(file, info.size(), chunkSize, count, done);
            Progress counter = new Progress(progress, info.size(),
                    done.stream().mapToLong(i -> length(info.size(), chunkSize, i)).sum());
            counter.report();
            observer.started(info, part, chunkSize, done);
            fetchChunks(info, chunkSize, missing, file, state, digest, counter, observer);
            digest.catchUp();
            String sha256 = digest.hex();
            if (!sha256.equalsIgnoreCase(info.sha256())) {
                throw new FetchException("backup " + info.id() + " arrived with SHA-256 " + sha256 + " but the server"
                        + " recorded " + info.sha256() + " for it: the fetched file was deleted; fetch it again, and if"
                        + " it fails the same way the stored file is damaged (run the server's verify)", false, null);
            }
            if (file.size() != info.size()) {
                file.truncate(info.size());
            }
            file.force(true);
        }
        moveIntoPlace(part, zip);
        Files.deleteIfExists(stateFile);
        LOG.info("Fetched backup {} ({} bytes, SHA-256 {}) to {}", info.id(), info.size(), info.sha256(), zip);
        observer.verified(zip);
        return new FetchedBackup(info, zip);
    }

    private void fetchChunks(StoredBackupInfo info, int chunkSize, List<Integer> missing, FileChannel file,
                             FetchState state, SequentialDigest digest, Progress progress,
                             FetchObserver observer) throws IOException {
        Queue queue = new Queue(missing, observer);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Future<?>> running = new ArrayList<>();
        int threads = Math.min(chunksInFlight, missing.size());
        for (int t = 0; t < threads; t++) {
            running.add(workers.submit(() -> {
                for (int index = queue.next(); index >= 0 && failure.get() == null; index = queue.next()) {
                    try {
                        int length = length(info.size(), chunkSize, index);
                        ReceivedChunk chunk = channel.chunk(new FetchChunk(info.id(), index, chunkSize), length);
                        write(file, chunk.bytes(), (long) index * chunkSize);
                        state.written(index);
                        digest.written(index, chunk.bytes());
                        observer.written(index);
                        progress.add(length);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        Throwable failed = failure.get();
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed != null) {
            throw classify("fetch backup " + info.id(), failed);
        }
    }

    /** The chunks still to ask for: those a reader waits for first, then in order; each handed out once. */
    private static final class Queue {
        private final List<Integer> missing;
        private final FetchObserver observer;
        private final BitSet handedOut = new BitSet();
        private final BitSet wanted = new BitSet();
        private int cursor;

        Queue(List<Integer> missing, FetchObserver observer) {
            this.missing = missing;
            this.observer = observer;
            missing.forEach(wanted::set);
        }

        synchronized int next() {
            for (int urgent = observer.wanted(); urgent >= 0; urgent = observer.wanted()) {
                if (wanted.get(urgent) && !handedOut.get(urgent)) {
                    handedOut.set(urgent);
                    return urgent;
                }
            }
            while (cursor < missing.size()) {
                int index = missing.get(cursor++);
                if (!handedOut.get(index)) {
                    handedOut.set(index);
                    return index;
                }
            }
            return -1;
        }
    }

    private static int length(long size, int chunkSize, int index) {
        return (int) Math.min(chunkSize, size - (long) index * chunkSize);
    }

    private static void write(FileChannel file, byte[] bytes, long offset) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long position = offset;
        while (buffer.hasRemaining()) {
            position += file.write(buffer, position);
        }
    }

    private static void moveIntoPlace(Path part, Path zip) throws IOException {
        try {
            Files.move(part, zip, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel directory = FileChannel.open(zip.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be synced; the file itself is
        }
    }

    private interface Request<T> {
        T send();
    }

    private <T> T call(String what, Request<T> request) {
        try {
            return request.send();
        } catch (RuntimeException e) {
            throw classify(what, e);
        }
    }

    /** A refusal by the server is final; anything on the way (network, TLS, timeouts) can be resumed. */
    private FetchException classify(String what, Throwable failure) {
        if (failure instanceof FetchException fetch) {
            return fetch;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProtocolException refused) {
                boolean again = refused.code().retryable();
                String reason = refused.getMessage();
                if (refused.code() == ErrorCode.CHUNK_CHECKSUM_MISMATCH) {
                    reason += " (still damaged after the retries; what arrived intact is kept for the next try)";
                }
                return new FetchException("cannot " + what + ": " + reason, again, failure);
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof IOException
                    || cause instanceof org.apache.camel.CamelExchangeException
                    || cause instanceof java.util.NoSuchElementException) {
                return new ServerUnreachableException("cannot " + what + ": the server at " + server
                        + " cannot be reached (" + describe(cause) + "); what was fetched is kept for the next try",
                        failure);
            }
        }
        return new FetchException("cannot " + what + ": " + describe(failure), true, failure);
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }

    /** Bytes on disk, told to the caller's progress after every chunk. */
    private static final class Progress {
        private final FetchProgress target;
        private final long total;
        private long done;

        Progress(FetchProgress target, long total, long done) {
            this.target = target;
            this.total = total;
            this.done = done;
        }

        synchronized void add(long bytes) {
            done += bytes;
            report();
        }

        synchronized void report() {
            try {
                target.bytes(done, total);
            } catch (RuntimeException e) {
                LOG.debug("Fetch progress listener failed: {}", e.toString());
            }
        }
    }
}
