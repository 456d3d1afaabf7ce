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
        Map<String, String> properties = properties(workDir, certs, port);
        properties.putAll(extra);
        Main main = new ServerApp(TestPaths.serverConfig(), properties).main();
        main.start();
        return new BackupServerFixture(main, port, workDir.resolve("storage"));
    }

    /** The properties of a test server on {@code port} keeping its files under {@code workDir}. */
    public static Map<String, String> properties(Path workDir, TestCertificates certs, int port) {
        Map<String, String> properties = new HashMap<>(certs.properties(certs.serverKeyStore()));
        properties.put("server.host", "127.0.0.1");
        properties.put("server.port", Integer.toString(port));
        properties.put("storage.root", workDir.resolve("storage").toString());
        properties.put("storage.reserve", "0");
        properties.put("db.file", workDir.resolve("server.db").toString());
        return properties;
    }

    /** The command line of {@code bin/backup-server} with those properties, to run it as its own JVM. */
    public static List<String> commandLine(Path workDir, TestCertificates certs, int port) {
        List<String> args = new java.util.ArrayList<>(List.of(TestPaths.home().resolve("bin/backup-server").toString(),
                "--config", TestPaths.serverConfig().toString()));
        properties(workDir, certs, port).forEach((key, value) -> {
            args.add("-D");
            args.add(key + "=" + value);
        });
        return args;
    }

    public int port() {
        return port;
    }

    public Path storageRoot() {
        return storageRoot;
    }

    /** A bean of the running server, e.g. its receive budget. */
    public <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    /** An endpoint of the running server, e.g. the seda queue its events go to. */
    public <T extends org.apache.camel.Endpoint> T endpoint(String uri, Class<T> type) {
        return main.getCamelContext().getEndpoint(uri, type);
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
