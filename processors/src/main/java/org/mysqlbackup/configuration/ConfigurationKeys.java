package org.mysqlbackup.configuration;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings a backup configuration may set for its own MySQL instance; they have the meaning,
 * defaults and limits of the same keys in client.properties (documented there). Everything else
 * (server, TLS, transfer, alerts, retries of the restart route) belongs to the client host and
 * stays in client.properties.
 */
public final class ConfigurationKeys {
    /** Names become file names on the server and route ids: letters, digits, dot, dash, underscore. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static final List<String> ALLOWED = List.of(
            "mysql.host", "mysql.port", "mysql.user", "mysql.password", "mysql.datadir", "mysql.pid-file",
            "mysql.service.strategy", "mysql.service.name", "mysql.service.stop-command",
            "mysql.service.start-command", "mysql.service.status-command", "mysql.service.shutdown-user",
            "mysql.service.shutdown-password",
            "mysql.stop.timeout-ms", "mysql.down.timeout-ms", "mysql.stop.escalation-factor", "mysql.stop.allow-kill",
            "mysql.stop.kill-grace-ms", "mysql.stop.kill-wait-ms", "mysql.stop.kill-process-names",
            "mysql.start.timeout-ms", "mysql.verify.timeout-ms",
            "snapshot.work-dir", "snapshot.strategy", "snapshot.compression-level", "snapshot.compression-threads",
            "snapshot.copy-method", "snapshot.copy-threads", "snapshot.reflink-timeout-ms",
            "snapshot.table-checksums", "snapshot.table-checksums-timeout-ms");

    /** Kept only as {@code env:NAME} or encrypted, see {@link SecretCodec}. */
    public static final Set<String> SECRETS = Set.of("mysql.password", "mysql.service.shutdown-password");

    /** Must be absolute: the daemon's working folder is not the operator's. */
    public static final Set<String> PATHS = Set.of("mysql.datadir", "mysql.pid-file", "snapshot.work-dir");

    private ConfigurationKeys() {
    }

    public static boolean allowed(String key) {
        return ALLOWED.contains(key);
    }
}
