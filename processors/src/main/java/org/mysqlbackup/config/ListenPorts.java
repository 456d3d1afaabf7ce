package org.mysqlbackup.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks, before an app starts, that the ports it listens on are free. A taken port is one line
 * (no stack trace): which port and setting, which process holds it (read from {@code /proc/net/tcp*}
 * and {@code /proc/<pid>/fd}, where this user may read them), and a free port to use instead.
 * Camel's own failure would be a stack trace and "Address already in use" without the port.
 */
public final class ListenPorts {
    /** One listener of an app: its settings, and whether it is on. */
    public record Listener(String what, String hostKey, String portKey, String enabledKey) {
    }

    private static final int NEARBY = 100;

    private final Settings settings;
    private final Path proc;

    public ListenPorts(Settings settings) {
        this(settings, Path.of("/proc"));
    }

    ListenPorts(Settings settings, Path proc) {
        this.settings = settings;
        this.proc = proc;
    }

    /** @throws PortInUseException for the first listener whose port is taken */
    public void requireFree(List<Listener> listeners) {
        for (Listener l : listeners) {
            if (l.enabledKey() != null && !settings.bool(l.enabledKey(), false)) {
                continue;
            }
            int port = settings.integer(l.portKey(), 0, 0, 65535);
            if (port == 0) {
                continue;
            }
            String host = settings.string(l.hostKey(), "0.0.0.0");
            if (!bindable(host, port)) {
                throw new PortInUseException(message(l, host, port));
            }
        }
    }

    String message(Listener l, String host, int port) {
        String holder = holder(port).map(h -> " by " + h).orElse(" by another process (not visible to this user;"
                + " `ss -ltnp 'sport = :" + port + "'` as root names it)");
        OptionalInt near = freeNear(host, port);
        String free = near.isPresent() ? "e.g. -D " + l.portKey() + "=" + near.getAsInt() + " (free now)"
                : "another " + l.portKey();
        return l.what() + " port " + port + " on " + host + " (" + l.portKey() + ") is already in use" + holder
                + ": stop that process or choose a free port, " + free;
    }

    static boolean bindable(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static OptionalInt freeNear(String host, int port) {
        for (int p = port + 1; p <= Math.min(65535, port + NEARBY); p++) {
            if (bindable(host, p)) {
                return OptionalInt.of(p);
            }
        }
        return OptionalInt.empty();
    }

    /** "pid 1234 (nginx)", when /proc shows the listening socket's owner. */
    Optional<String> holder(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                if (ownsSocket(pid, inodes)) {
                    return Optional.of("pid " + pid.getFileName() + commandOf(pid).map(c -> " (" + c + ")").orElse(""));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Inodes of the sockets listening (state 0A) on {@code port}, IPv4 and IPv6. */
    Set<String> listeningInodes(int port) {
        Set<String> inodes = new TreeSet<>();
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(proc.resolve(table), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(hexPort) && "0A".equals(f[3]) && !"0".equals(f[9])) {
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
    }

    private static boolean ownsSocket(Path pid, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            // another user's process: not ours to read
        }
        return false;
    }

    /** The process's name only: its command line may hold another program's secret. */
    private static Optional<String> commandOf(Path pid) {
        try {
            return Optional.of(Files.readString(pid.resolve("comm"), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
