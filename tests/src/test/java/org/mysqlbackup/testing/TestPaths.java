package org.mysqlbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locations the integration tests use: the checkout (shipped config and routes) and a scratch area. */
public final class TestPaths {
    private TestPaths() {
    }

    /** The project root, which holds config/, routes-client/ and routes-server/ as shipped. */
    public static Path home() {
        return Path.of(System.getProperty("mysqlbackup.home", "..")).toAbsolutePath().normalize();
    }

    public static Path clientConfig() {
        return home().resolve("config/client.properties");
    }

    public static Path serverConfig() {
        return home().resolve("config/server.properties");
    }

    /** Where sandboxes live (failsafe points it under target/). */
    public static Path sandboxBase() {
        return Path.of(System.getProperty("sandbox.dir", "target/sandbox")).toAbsolutePath();
    }

    /** A fresh folder under target/it-work for one test class. */
    public static Path scratch(Class<?> testClass) {
        try {
            Path base = Files.createDirectories(home().resolve("tests/target/it-work"));
            return Files.createTempDirectory(base, testClass.getSimpleName() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
