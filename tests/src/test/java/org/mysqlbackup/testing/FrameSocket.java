package org.mysqlbackup.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.mysqlbackup.protocol.ChunkHeader;
import org.mysqlbackup.protocol.ChunkStored;
import org.mysqlbackup.protocol.FinalizeTransfer;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.FrameLayout;
import org.mysqlbackup.protocol.FrameType;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.TransferAccepted;
import org.mysqlbackup.tls.PasswordFiles;
import org.mysqlbackup.transfer.Digests;

/**
 * A hand-written protocol client over a plain JDK TLS socket, independent of the product's netty
 * pipeline: it lets a test send exactly the bytes it wants, malformed ones included.
 */
public final class FrameSocket implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final int MAX_REPLY = 16 << 20;

    private final SSLSocket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    private FrameSocket(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(socket.getOutputStream());
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects with {@code keyStore} as the client identity (null: no client certificate). */
    public static FrameSocket connect(int port, Path keyStore, Path trustStore) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            char[] password = PasswordFiles.read(TestCertificates.passwordFile(keyStore));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, password), password);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore, PasswordFiles.read(TestCertificates.passwordFile(trustStore))));
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.startHandshake();
        return new FrameSocket(socket);
    }

    /**
     * One whole transfer on a new connection: {@code init}, then {@code file} in chunks of
     * {@code init.chunkSize()} (each with its SHA-256, each acknowledged), then FINALIZE; returns
     * the server's answer to FINALIZE (STORED or ERROR).
     */
    public static Frame transfer(int port, Path keyStore, Path trustStore, InitTransfer init, byte[] file)
            throws Exception {
        return transfer(port, keyStore, trustStore, init, file, java.time.Duration.ZERO);
    }

    /** As {@link #transfer(int, Path, Path, InitTransfer, byte[])}, waiting {@code pause} after each chunk. */
    public static Frame transfer(int port, Path keyStore, Path trustStore, InitTransfer init, byte[] file,
                                 java.time.Duration pause) throws Exception {
        MessageCodec codec = new MessageCodec();
        int chunkSize = init.chunkSize();
        try (FrameSocket socket = connect(port, keyStore, trustStore)) {
            socket.send(codec.frame(init));
            codec.read(socket.receive(), TransferAccepted.class);
            for (int index = 0; (long) index * chunkSize < file.length; index++) {
                byte[] chunk = Arrays.copyOfRange(file, index * chunkSize, Math.min(file.length, (index + 1) * chunkSize));
                socket.send(codec.frame(new ChunkHeader(init.transferId(), index, (long) index * chunkSize, chunk.length,
                        Digests.sha256Hex(chunk)), chunk));
                codec.read(socket.receive(), ChunkStored.class);
                Thread.sleep(pause.toMillis());
            }
            socket.send(codec.frame(new FinalizeTransfer(init.transferId())));
            return socket.receive();
        }
    }

    public void send(Frame frame) throws IOException {
        out.writeInt(FrameLayout.HEADER_BYTES + frame.metadata().length + frame.payload().length);
        out.writeShort(FrameLayout.MAGIC);
        out.writeByte(FrameLayout.VERSION);
        out.writeByte(frame.type().code());
        out.writeInt(frame.metadata().length);
        out.write(frame.metadata());
        out.write(frame.payload());
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public Frame receive() throws IOException {
        int length = in.readInt();
        if (length < FrameLayout.HEADER_BYTES || length > MAX_REPLY) {
            throw new IOException("reply length " + length + " out of range");
        }
        short magic = in.readShort();
        byte version = in.readByte();
        FrameType type = FrameType.ofCode(in.readByte());
        int metadataLength = in.readInt();
        if (magic != FrameLayout.MAGIC || version != FrameLayout.VERSION || metadataLength < 0
                || metadataLength > length - FrameLayout.HEADER_BYTES) {
            throw new IOException("malformed reply header");
        }
        byte[] metadata = in.readNBytes(metadataLength);
        byte[] payload = in.readNBytes(length - FrameLayout.HEADER_BYTES - metadataLength);
        return new Frame(type, metadata, payload);
    }

    /** True if the peer closes (or resets) the connection within the read timeout. */
    public boolean isClosedByPeer() {
        try {
            InputStream input = socket.getInputStream();
            while (true) {
                if (input.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (EOFException | javax.net.ssl.SSLException | java.net.SocketException closed) {
            return true;
        } catch (IOException other) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
