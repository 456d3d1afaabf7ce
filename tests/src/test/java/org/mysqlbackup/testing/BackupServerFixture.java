package org.mysqlbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.main.Main;
import org.mysqlbackup.server.ReceiveLogRow;
import org.mysqlbackup.server.ReceiveLogStore;
import org.mysqlbackup.server.ServerApp;

/**
 * The real file receiver server, with the shipped server.properties and routes-server/, on a free
 * port with its own storage root and database.
 */
public final class BackupServerFixture implements AutoCloseable {
    private final Main main;
    private final int port;
    private final Path storageRoot;

    private BackupServerFixture(Main main, int port, Path storageRoot) {
        this.main = main;
        this.port = port;
        this.storageRoot = storageRoot;
    }

    public static BackupServerFixture start(Path workDir, TestCertificates certs) throws Exception {
        return start(workDir, certs, Map.of());
    }

    public static BackupServerFixture start(Path workDir, TestCertificates certs, Map<String, String> extra)
            throws Exception {
        int port = TestPaths.freePort();
        Path storage = workDir.resolve("storage");
        Map<String, String> properties = new HashMap<>(certs.properties(certs.serverKeyStore()));
        properties.put("server.host", "127.0.0.1");
        properties.put("server.port", Integer.toString(port));
        properties.put("storage.root", storage.toString());
        properties.put("storage.reserve", "0");
        properties.put("db.file", workDir.resolve("server.db").toString());
        properties.putAll(extra);
        Main main = new ServerApp(TestPaths.serverConfig(), properties).main();
        main.start();
        return new BackupServerFixture(main, port, storage);
    }

    public int port() {
        return port;
    }

    public Path storageRoot() {
        return storageRoot;
    }

    public List<ReceiveLogRow> logs() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("receiveLogStore", ReceiveLogStore.class)
                .recent(100);
    }

    /** Every regular file under the storage root, staging included. */
    public List<Path> storedFiles() {
        try (Stream<Path> files = Files.walk(storageRoot)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        main.stop();
    }
}
