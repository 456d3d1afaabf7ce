package org.mysqlbackup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP fault-injection proxy for tests. It listens on 127.0.0.1 (ephemeral port) and forwards
 * every accepted connection to a target host:port, copying bytes both ways (half-close aware).
 * Faults can be switched on at run time from any thread.
 *
 * <p>Threads: one acceptor plus two pumps per connection, all daemon threads named
 * {@code fault-proxy-<port>-...}. Every blocking call is bounded by a timeout or is released by
 * {@link #close()}.
 *
 * <p>Fault semantics, in short:
 *
 * <ul>
 *   <li>Per-connection faults ({@link #cutAfter}, {@link #flipByteAt}) are bound to a connection
 *       when the proxy accepts it; connections refused by {@link #refuseConnections} do not consume
 *       them.
 *   <li>A <em>cut</em> ({@link #cutAfter}, {@link #cutAllAfterTotal}) resets the client side at
 *       once (RST) and half-closes the target side right after the last forwarded byte (FIN), so
 *       the target receives exactly the counted bytes and then EOF. The proxy then discards
 *       whatever the target still sends and resets the target side when it closes or after 1 s, whichever comes first.
 *   <li>{@link #killAllConnections()} and {@link #close()} reset both sides at once (RST); bytes
 *       still in the proxy's socket buffers may be lost.
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** Socket read timeout: how often a blocked pump re-checks its connection's state. */
    private static final int POLL_MS = 100;
    private static final long CUT_GRACE_MS = 1_000;
    private static final long JOIN_TIMEOUT_MS = 5_000;
    private static final int BUFFER_BYTES = 16 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final String threadPrefix;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Throttle throttle = new Throttle();
    private final AtomicLong clientToServer = new AtomicLong();
    private final AtomicLong serverToClient = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong connectionIds = new AtomicLong();

    /** Guards {@link #closed} transitions, connection registration and the fault settings below. */
    private final Object lock = new Object();

    private volatile boolean closed;
    private volatile boolean refusing;
    private long cutAfterBytes;
    private int cutConnectionsLeft;
    private long pendingFlipOffset = -1;
    /** Client-to-server bytes left before {@link #cutAll()}; -1 when not armed. */
    private long totalBudget = -1;

    private FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.threadPrefix = "fault-proxy-" + listener.getLocalPort();
    }

    /** Starts a proxy on 127.0.0.1 (free ephemeral port) forwarding to {@code targetHost:targetPort}. */
    public static FaultProxy start(String targetHost, int targetPort) throws IOException {
        FaultProxy proxy = new FaultProxy(targetHost, targetPort);
        proxy.startThread(proxy.threadPrefix + "-accept", proxy::acceptLoop);
        return proxy;
    }

    /** The local port the proxy listens on (host 127.0.0.1). */
    public int port() {
        return listener.getLocalPort();
    }

    // ---------------------------------------------------------------- faults

    /**
     * The next {@code connections} connections accepted after this call are cut once they have
     * forwarded {@code clientToServerBytes} client-to-server bytes (0: cut right after the target
     * connect). Later connections pass normally. Replaces any previous, partly consumed, setting;
     * {@code connections <= 0} disarms it.
     */
    public void cutAfter(long clientToServerBytes, int connections) {
        if (clientToServerBytes < 0) {
            throw new IllegalArgumentException("clientToServerBytes < 0: " + clientToServerBytes);
        }
        synchronized (lock) {
            cutAfterBytes = clientToServerBytes;
            cutConnectionsLeft = Math.max(0, connections);
        }
    }

    /**
     * One-shot: once {@code bytes} client-to-server bytes have been forwarded in total (over all
     * connections, counted from this call), every open connection is cut. The byte that reaches
     * the threshold is the last one forwarded. {@code bytes <= 0} cuts every open connection now.
     */
    public void cutAllAfterTotal(long bytes) {
        synchronized (lock) {
            totalBudget = bytes > 0 ? bytes : -1;
        }
        if (bytes <= 0) {
            cutAll();
        }
    }

    /**
     * One-shot: in the next accepted connection, the client-to-server byte at stream offset
     * {@code clientToServerOffset} (0-based, per connection) is XORed with 0x01.
     */
    public void flipByteAt(long clientToServerOffset) {
        if (clientToServerOffset < 0) {
            throw new IllegalArgumentException("clientToServerOffset < 0: " + clientToServerOffset);
        }
        synchronized (lock) {
            pendingFlipOffset = clientToServerOffset;
        }
    }

    /**
     * Limits client-to-server throughput over all connections together (pacing, no burst credit);
     * {@code <= 0} means unlimited. Takes effect at once, also for writes already waiting.
     */
    public void throttle(long bytesPerSecond) {
        throttle.set(bytesPerSecond);
    }

    /** While true, accepted connections are reset at once and never reach the target. */
    public void refuseConnections(boolean refuse) {
        this.refusing = refuse;
    }

    /** Resets both sides of every live connection now (RST). */
    public void killAllConnections() {
        for (Connection connection : List.copyOf(connections)) {
            connection.abort();
        }
    }

    /** Disarms every fault: cuts, flip, total cut, throttle and refusal. Live connections stay. */
    public void clearFaults() {
        synchronized (lock) {
            cutConnectionsLeft = 0;
            pendingFlipOffset = -1;
            totalBudget = -1;
        }
        refusing = false;
        throttle.set(0);
    }

    // ---------------------------------------------------------------- counters

    /** Client-to-server bytes written to the target, over all connections. */
    public long clientToServerBytes() {
        return clientToServer.get();
    }

    /** Server-to-client bytes written to the clients, over all connections. */
    public long serverToClientBytes() {
        return serverToClient.get();
    }

    /** Connections accepted, refused ones included. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** Forwarded connections not yet fully closed (a cut connection counts until its target side is closed). */
    public int openConnections() {
        return connections.size();
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops accepting, resets every connection and joins all proxy threads (bounded wait). */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeQuietly(listener);
        killAllConnections();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_TIMEOUT_MS);
        // Loop: a pump may start its sibling thread while we join.
        while (!threads.isEmpty() && System.nanoTime() < deadline) {
            for (Thread thread : List.copyOf(threads)) {
                thread.interrupt();
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    break;
                }
                try {
                    thread.join(leftMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- internals

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                sleepQuietly(10); // e.g. out of file descriptors: do not spin
                continue;
            }
            accepted.incrementAndGet();
            if (refusing) {
                reset(client);
                continue;
            }
            Connection connection;
            synchronized (lock) {
                if (closed) {
                    reset(client);
                    return;
                }
                long cutLimit = -1;
                if (cutConnectionsLeft > 0) {
                    cutConnectionsLeft--;
                    cutLimit = cutAfterBytes;
                }
                long flip = pendingFlipOffset;
                pendingFlipOffset = -1;
                connection = new Connection(connectionIds.incrementAndGet(), client, cutLimit, flip);
                connections.add(connection);
            }
            startThread(connection.name + "-up", connection::runUp);
        }
    }

    private void cutAll() {
        for (Connection connection : List.copyOf(connections)) {
            connection.cut();
        }
    }

    /** Takes up to {@code wanted} bytes from the total budget; {@code cutAll} tells the caller to trigger. */
    private Grant takeFromTotalBudget(int wanted) {
        synchronized (lock) {
            if (totalBudget < 0) {
                return new Grant(wanted, false);
            }
            int granted = (int) Math.min(wanted, totalBudget);
            totalBudget -= granted;
            if (totalBudget == 0) {
                totalBudget = -1;
                return new Grant(granted, true);
            }
            return new Grant(granted, false);
        }
    }

    private record Grant(int bytes, boolean cutAll) {}

    private void startThread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException | RuntimeException ignored) {
            // already closed or never connected
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private enum State { OPEN, CUT, CLOSED }

    /** One proxied connection: a client socket, a target socket and two pump threads. */
    private final class Connection {
        final String name;
        final Socket client;
        final Socket target = new Socket();
        /** Client-to-server bytes after which to cut; -1: never. */
        final long cutLimit;
        /** Per-connection client-to-server offset to flip; -1: none. Used by the up pump only. */
        long flipOffset;
        /** Client-to-server bytes forwarded on this connection. Used by the up pump only. */
        long forwarded;

        volatile State state = State.OPEN;
        volatile Thread upThread;
        boolean upDone;   // guarded by this
        boolean downDone; // guarded by this
        long cutDeadline; // guarded by this

        Connection(long id, Socket client, long cutLimit, long flipOffset) {
            this.name = threadPrefix + "-c" + id;
            this.client = client;
            this.cutLimit = cutLimit;
            this.flipOffset = flipOffset;
        }

        void runUp() {
            upThread = Thread.currentThread();
            try {
                client.setTcpNoDelay(true);
                target.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MS);
                target.setTcpNoDelay(true);
                client.setSoTimeout(POLL_MS);
                target.setSoTimeout(POLL_MS);
            } catch (IOException e) {
                abort(); // target refused / unreachable, or we were closed meanwhile
                return;
            }
            if (state == State.CLOSED) {
                return;
            }
            startThread(name + "-down", this::runDown);
            try {
                pumpUp();
            } catch (InterruptedException e) {
                if (state == State.OPEN) {
                    abort();
                }
            } catch (IOException e) {
                if (state == State.OPEN) {
                    abort(); // client reset us (or target broke): pass the reset on
                }
            }
        }

        private void pumpUp() throws IOException, InterruptedException {
            byte[] buffer = new byte[BUFFER_BYTES];
            InputStream in = client.getInputStream();
            OutputStream out = target.getOutputStream();
            while (true) {
                if (cutLimit >= 0 && forwarded >= cutLimit) {
                    cut();
                    return;
                }
                if (state != State.OPEN) {
                    return;
                }
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    upFinished();
                    return;
                }
                int offset = 0;
                while (offset < n) {
                    int length = n - offset;
                    if (cutLimit >= 0) {
                        length = (int) Math.min(length, cutLimit - forwarded);
                    }
                    length = throttle.slice(length);
                    throttle.acquire(length);
                    Grant grant = takeFromTotalBudget(length);
                    length = grant.bytes();
                    if (flipOffset >= forwarded && flipOffset < forwarded + length) {
                        buffer[offset + (int) (flipOffset - forwarded)] ^= 0x01;
                        flipOffset = -1;
                    }
                    out.write(buffer, offset, length);
                    forwarded += length;
                    clientToServer.addAndGet(length);
                    offset += length;
                    if (grant.cutAll()) {
                        cutAll();
                        return;
                    }
                    if (cutLimit >= 0 && forwarded >= cutLimit) {
                        cut();
                        return;
                    }
                }
            }
        }

        void runDown() {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream in = target.getInputStream();
                OutputStream out = client.getOutputStream();
                while (true) {
                    State now = state;
                    if (now == State.CLOSED) {
                        return;
                    }
                    if (now == State.CUT && cutGraceOver()) {
                        finishCut(true);
                        return;
                    }
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (n < 0) {
                        downFinished();
                        return;
                    }
                    if (state == State.OPEN) {
                        try {
                            out.write(buffer, 0, n);
                            serverToClient.addAndGet(n);
                        } catch (IOException e) {
                            if (state == State.OPEN) {
                                abort(); // client went away: pass the reset on
                                return;
                            }
                            // cut meanwhile: keep draining
                        }
                    }
                    // state CUT: discard what the target still sends
                }
            } catch (IOException e) {
                if (state == State.CUT) {
                    finishCut(true);
                } else if (state == State.OPEN) {
                    abort();
                }
            }
        }

        private synchronized boolean cutGraceOver() {
            return System.nanoTime() - cutDeadline > 0;
        }

        /** Resets both sides now. Idempotent. */
        void abort() {
            synchronized (this) {
                if (state == State.CLOSED) {
                    return;
                }
                state = State.CLOSED;
            }
            reset(client);
            reset(target);
            Thread up = upThread;
            if (up != null && up != Thread.currentThread()) {
                up.interrupt(); // may be waiting in the throttle
            }
            connections.remove(this);
        }

        /** Resets the client side, half-closes the target side after the bytes already forwarded. */
        void cut() {
            boolean targetAlreadyDone;
            synchronized (this) {
                if (state != State.OPEN) {
                    return;
                }
                state = State.CUT;
                cutDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CUT_GRACE_MS);
                targetAlreadyDone = downDone;
            }
            reset(client);
            try {
                target.shutdownOutput();
            } catch (IOException | RuntimeException ignored) {
                // not connected yet, or already half-closed / reset
            }
            Thread up = upThread;
            if (up != null && up != Thread.currentThread()) {
                up.interrupt(); // may be waiting in the throttle
            }
            if (targetAlreadyDone) {
                finishCut(false); // no down pump left to drain the target
            }
        }

        private void finishCut(boolean resetTarget) {
            synchronized (this) {
                if (state == State.CLOSED) {
                    return;
                }
                state = State.CLOSED;
            }
            if (resetTarget) {
                reset(target);
            } else {
                closeQuietly(target);
            }
            connections.remove(this);
        }

        /** Client sent EOF: pass the half-close on to the target. */
        private void upFinished() {
            boolean both;
            synchronized (this) {
                if (state != State.OPEN) {
                    return;
                }
                upDone = true;
                both = downDone;
            }
            try {
                target.shutdownOutput();
            } catch (IOException e) {
                abort();
                return;
            }
            if (both) {
                closeGracefully();
            }
        }

        /** Target sent EOF: pass the half-close on to the client. */
        private void downFinished() {
            boolean both;
            State current;
            synchronized (this) {
                downDone = true;
                both = upDone;
                current = state;
            }
            if (current == State.CUT) {
                finishCut(false); // target closed after the cut: done
                return;
            }
            if (current == State.CLOSED) {
                return;
            }
            try {
                client.shutdownOutput();
            } catch (IOException e) {
                if (state == State.OPEN) {
                    abort();
                }
                return;
            }
            if (both) {
                closeGracefully();
            }
        }

        private void closeGracefully() {
            synchronized (this) {
                if (state != State.OPEN) {
                    return;
                }
                state = State.CLOSED;
            }
            closeQuietly(client);
            closeQuietly(target);
            connections.remove(this);
        }
    }

    /** Shared client-to-server pacing: each slice waits until the rate allows its last byte. */
    private static final class Throttle {
        private long bytesPerSecond;
        private long nextFreeNanos;
        private long generation;

        synchronized void set(long rate) {
            bytesPerSecond = Math.max(0, rate);
            nextFreeNanos = System.nanoTime();
            generation++;
            notifyAll();
        }

        /** Caps a write so that one slice is about 20 ms worth of bytes when throttled. */
        synchronized int slice(int length) {
            if (bytesPerSecond <= 0) {
                return length;
            }
            return (int) Math.max(1, Math.min(length, bytesPerSecond / 50));
        }

        synchronized void acquire(int length) throws InterruptedException {
            if (bytesPerSecond <= 0 || length <= 0) {
                return;
            }
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            long end = start + (long) length * 1_000_000_000L / bytesPerSecond;
            nextFreeNanos = end;
            long myGeneration = generation;
            while (generation == myGeneration) {
                long waitNanos = end - System.nanoTime();
                if (waitNanos <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
            }
        }
    }
}
