package org.mysqlbackup.drill;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a drill's time went. {@link #line()} is the line the drill commands print and the
 * benchmark greps: {@code drill time: fetch 1.2 s, unpack 3.4 s, boot 2.0 s, checks 0.8 s}
 * (fetch is 0.0 s when the file was local, as on the server).
 */
public record DrillTimings(Duration fetch, Duration unpack, Duration boot, Duration checks) {
    public static final DrillTimings NONE = new DrillTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public DrillTimings {
        fetch = fetch == null ? Duration.ZERO : fetch;
        unpack = unpack == null ? Duration.ZERO : unpack;
        boot = boot == null ? Duration.ZERO : boot;
        checks = checks == null ? Duration.ZERO : checks;
    }

    public String line() {
        return "drill time: fetch " + seconds(fetch) + ", unpack " + seconds(unpack) + ", boot " + seconds(boot)
                + ", checks " + seconds(checks);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
