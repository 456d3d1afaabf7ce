package org.mysqlbackup.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** This machine's name, for alerts, manifests and stored file names. */
public final class HostName {
    private HostName() {
    }

    /** The kernel's host name, else the resolver's, else {@code $HOSTNAME}, else "unknown-host". */
    public static String local() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel, StandardCharsets.UTF_8).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException ignored) {
            // fall through to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            // a host without a resolvable own name still has to be able to alert
            return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("unknown-host");
        }
    }
}
