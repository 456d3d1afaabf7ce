package org.mysqlbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultProxyTest {
    private static final int MIB = 1 << 20;
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void forwardsBothDirectionsByteIdentical() throws Exception {
        TestServer echo = track(TestServer.echo());
        FaultProxy proxy = track(FaultProxy.start("127.0.0.1", echo.port()));
        byte[] data = randomBytes(4 * MIB, 1);

        try (Socket client = connect(proxy)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.getOutputStream().write(data);
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] echoed = client.getInputStream().readNBytes(data.length);
            writer.get(10, TimeUnit.SECONDS);
            assertThat(echoed).isEqualTo(data);
            assertThat(client.getInputStream().read()).as("EOF after the echo").isEqualTo(-1);
        }

        await().atMost(PROMPTLY).untilAsserted(() -> {
            assertThat(proxy.clientToServerBytes()).isEqualTo(data.length);
            assertThat(proxy.serverToClientBytes()).isEqualTo(data.length);
            assertThat(proxy.openConnections()).isZero();
        });
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(echo.connection(0).bytes()).isEqualTo(data);
    }

    @Test
    void cutAfterClosesTheFirstConnectionAtExactlyNBytesAndPassesTheNext() throws Exception {
        TestServer sink = track(TestServer.sink());
        FaultProxy proxy = track(FaultProxy.start("127.0.0.1", sink.port()));
        int cutAt = 100_000;
        proxy.cutAfter(cutAt, 1);

        byte[] first = randomBytes(MIB, 2);
        try (Socket client = connect(proxy)) {
            writeIgnoringReset(client, first);
            assertClosedPromptly(client);
        }
        byte[] received = sink.connection(0).awaitDone();
        assertThat(received.length).isEqualTo(cutAt);
        assertThat(received).isEqualTo(Arrays.copyOf(first, cutAt));

        byte[] second = randomBytes(300_000, 3);
        try (Socket client = connect(proxy)) {
            client.getOutputStream().write(second);
            client.shutdownOutput();
            assertThat(sink.connection(1).awaitDone()).isEqualTo(second);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }

        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(proxy.openConnections()).isZero());
        assertThat(proxy.clientToServerBytes()).isEqualTo(cutAt + second.length);
        assertThat(proxy.serverToClientBytes()).isZero();
        assertThat(proxy.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void cutAllAfterTotalClosesEveryConnectionAtTheThreshold() throws Exception {
        TestServer sink = track(TestServer.sink());
        FaultProxy proxy = track(FaultProxy.start("127.0.0.1", sink.port()));
        proxy.cutAllAfterTotal(120_000);

        // connect b only once a reached the sink, so sink connection 0 is a
        try (Socket a = connect(proxy)) {
            a.getOutputStream().write(randomBytes(50_000, 4));
            await().atMost(PROMPTLY).until(() -> sink.connections() == 1 && sink.connection(0).count() == 50_000);
            Socket b = track(connect(proxy));
            b.getOutputStream().write(randomBytes(50_000, 5));
            await().atMost(PROMPTLY).until(() -> sink.connections() == 2 && sink.connection(1).count() == 50_000);
            writeIgnoringReset(a, randomBytes(50_000, 6)); // crosses 120 000 after 20 000 bytes

            assertClosedPromptly(a);
            assertClosedPromptly(b);
        }
        assertThat(sink.connection(0).awaitDone()).hasSize(70_000);
        assertThat(sink.connection(1).awaitDone()).hasSize(50_000);
        assertThat(proxy.clientToServerBytes()).isEqualTo(120_000);
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(proxy.openConnections()).isZero());

        // one-shot: a later connection passes untouched
        byte[] later = randomBytes(200_000, 7);
        try (Socket c = connect(proxy)) {
            c.getOutputStream().write(later);
            c.shutdownOutput();
            assertThat(sink.connection(2).awaitDone()).isEqualTo(later);
        }
    }

    @Test
    void flipByteAtChangesExactlyThatByteOfTheNextConnection() throws Exception {
        TestServer sink = track(TestServer.sink());
        FaultProxy proxy = track(FaultProxy.start("127.0.0.1", sink.port()));
        int offset = 70_001;
        proxy.flipByteAt(offset);

        byte[] data = randomBytes(200_000, 8);
        for (int i = 0; i < 2; i++) {
            try (Socket client = connect(proxy)) {
                client.getOutputStream().write(data);
                client.shutdownOutput();
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }

        byte[] expected = data.clone();
        expected[offset] ^= 0x01;
        assertThat(sink.connection(0).awaitDone()).isEqualTo(expected);
        assertThat(sink.connection(1).awaitDone()).as("one-shot").isEqualTo(data);
    }

    @Test
    void throttleLimitsThroughput() throws Exception {
        TestServer sink = track(TestServer.sink());
        FaultProxy proxy = track(FaultProxy.start("127.0.0.1", sink.port()));
        proxy.throttle(MIB);

        byte[] data = randomBytes(2 * MIB, 9);
        long start = System.nanoTime();
        try (Socket client = connect(proxy)) {
            client.getOutputStream().write(data);
            client.shutdownOutput();
            assertThat(sink.connection(0).awaitDone()).isEqualTo(data);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(1_500);
    }

    @Test
    void refuseConnectionsClosesAtOnceWithoutReachingTheTarget() throws Exception {
        TestServer sink = track(TestServer.sink());
        FaultProxy proxy = track(FaultProxy.start("127.0.0.1", sink.port()));
        proxy.refuseConnections(true);

        try (Socket client = connect(proxy)) {
            assertClosedPromptly(client);
        }
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(proxy.openConnections()).isZero();
        assertThat(sink.connections()).isZero();

        proxy.refuseConnections(false);
        byte[] data = randomBytes(1_000, 10);
        try (Socket client = connect(proxy)) {
            client.getOutputStream().write(data);
            client.shutdownOutput();
            assertThat(sink.connection(0).awaitDone()).isEqualTo(data);
        }
        assertThat(proxy.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void targetRefusingClosesTheClientAtOnce() throws Exception {
        int deadPort;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = unused.getLocalPort();
        }
        FaultProxy proxy = track(FaultProxy.start("127.0.0.1", deadPort));
        try (Socket client = connect(proxy)) {
            assertClosedPromptly(client);
        }
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(proxy.openConnections()).isZero());
    }

    @Test
    void killAllConnectionsResetsEveryLiveConnection() throws Exception {
        TestServer sink = track(TestServer.sink());
        FaultProxy proxy = track(FaultProxy.start("127.0.0.1", sink.port()));

        try (Socket a = connect(proxy); Socket b = connect(proxy)) {
            a.getOutputStream().write(new byte[10]);
            b.getOutputStream().write(new byte[10]);
            await().atMost(PROMPTLY).until(() -> sink.connections() == 2
                    && sink.connection(0).count() + sink.connection(1).count() == 20);
            assertThat(proxy.openConnections()).isEqualTo(2);

            proxy.killAllConnections();

            assertClosedPromptly(a);
            assertClosedPromptly(b);
            sink.connection(0).awaitDone();
            sink.connection(1).awaitDone();
        }
        assertThat(proxy.openConnections()).isZero();
        assertThat(proxy.clientToServerBytes()).isEqualTo(20);
    }

    @Test
    void closeStopsEverythingAndLeavesNoThreads() throws Exception {
        TestServer sink = track(TestServer.sink());
        FaultProxy proxy = FaultProxy.start("127.0.0.1", sink.port());
        String prefix = "fault-proxy-" + proxy.port() + "-";
        proxy.throttle(10_000); // keep a pump waiting in the throttle

        try (Socket client = connect(proxy)) {
            client.getOutputStream().write(new byte[100_000]);
            await().atMost(PROMPTLY).until(() -> sink.connections() == 1 && sink.connection(0).count() > 0);
            assertThat(proxyThreads(prefix)).isNotEmpty();

            proxy.close();

            assertClosedPromptly(client);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(proxyThreads(prefix)).isEmpty());
        assertThat(proxy.openConnections()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private <T extends AutoCloseable> T track(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private static List<String> proxyThreads(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith(prefix)) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    private static Socket connect(FaultProxy proxy) throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes, tolerating the proxy resetting the connection part-way. */
    private static void writeIgnoringReset(Socket socket, byte[] data) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(data);
            out.flush();
        } catch (IOException expected) {
            // reset by the proxy
        }
    }

    /** The peer (the proxy) closed or reset the connection within {@link #PROMPTLY}. */
    private static void assertClosedPromptly(Socket socket) throws IOException {
        socket.setSoTimeout((int) PROMPTLY.toMillis());
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(buffer) >= 0) {
                // drain whatever was in flight
            }
        } catch (SocketTimeoutException e) {
            fail("connection still open after " + PROMPTLY);
        } catch (IOException expected) {
            // connection reset
        }
    }

    /** A plain TCP server: either echoes every connection or records what each one sent. */
    private static final class TestServer implements AutoCloseable {
        private final ServerSocket server;
        private final boolean echo;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        private TestServer(boolean echo) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.echo = echo;
            start("test-server-accept", this::acceptLoop);
        }

        static TestServer echo() throws IOException {
            return new TestServer(true);
        }

        static TestServer sink() throws IOException {
            return new TestServer(false);
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return received.size();
        }

        /** The index-th accepted connection, waiting for it to arrive. */
        Received connection(int index) {
            await().atMost(PROMPTLY).until(() -> received.size() > index);
            return received.get(index);
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Received record = new Received();
                    received.add(record);
                    start("test-server-conn", () -> serve(socket, record));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket, Received record) {
            byte[] buffer = new byte[16 * 1024];
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    record.append(buffer, n);
                    if (echo) {
                        out.write(buffer, 0, n);
                    }
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                // reset: keep what arrived
            } finally {
                record.done.complete(record.bytes());
            }
        }

        private void start(String name, Runnable body) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
            try {
                for (Thread thread : threads) {
                    thread.join(2_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Received {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final AtomicLong count = new AtomicLong();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();

        synchronized void append(byte[] buffer, int n) {
            bytes.write(buffer, 0, n);
            count.addAndGet(n);
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        long count() {
            return count.get();
        }

        /** What the connection delivered until EOF or reset. */
        byte[] awaitDone() throws Exception {
            return done.get(5, TimeUnit.SECONDS);
        }
    }
}
