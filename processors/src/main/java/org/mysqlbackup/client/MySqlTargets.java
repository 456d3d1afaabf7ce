package org.mysqlbackup.client;

import java.time.Duration;
import java.util.Locale;
import org.mysqlbackup.client.run.MySqlTarget;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.mysql.CommandRunner;
import org.mysqlbackup.mysql.MySqlAvailability;
import org.mysqlbackup.mysql.MySqlDownProof;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.mysql.ServiceControls;
import org.mysqlbackup.mysql.ServiceStopSequence;
import org.mysqlbackup.mysql.StopEscalationPolicy;
import org.mysqlbackup.snapshot.DataDirectoryCopier;
import org.mysqlbackup.snapshot.DataDirectoryZipper;
import org.mysqlbackup.snapshot.SnapshotStrategies;
import org.mysqlbackup.snapshot.SnapshotStrategy;
import org.mysqlbackup.snapshot.TableChecksums;

/**
 * Builds a {@link MySqlTarget} from settings: the {@code mysql.*} and {@code snapshot.*} keys of
 * client.properties, or of a stored backup configuration laid over them. Every value is read and
 * checked here, so a bad one is reported with its key before anything is stopped.
 */
public class MySqlTargets {
    private final CommandRunner runner;

    public MySqlTargets(CommandRunner runner) {
        this.runner = runner;
    }

    public MySqlTarget build(Settings settings) {
        MySqlInstance mysql = new MySqlInstance(
                settings.string("mysql.host", "127.0.0.1"),
                settings.integer("mysql.port", 3306, 1, 65535),
                settings.string("mysql.user"),
                settings.string("mysql.password", ""),
                settings.path("mysql.datadir"),
                settings.optionalPath("mysql.pid-file").orElse(null));
        MySqlDownProof proof = new MySqlDownProof(mysql, settings.duration("mysql.down.timeout-ms", Duration.ofMinutes(2)));
        var service = ServiceControls.fromSettings(settings, runner);
        return new MySqlTarget(mysql, service,
                new MySqlAvailability(mysql, settings.duration("mysql.verify.timeout-ms", Duration.ofSeconds(5))),
                proof,
                new ServiceStopSequence(service, proof, StopEscalationPolicy.fromSettings(settings)),
                snapshotStrategy(settings),
                settings.path("snapshot.work-dir"),
                TableChecksums.of(mysql, settings.duration("snapshot.table-checksums-timeout-ms", Duration.ofMinutes(30))),
                settings.bool("snapshot.table-checksums", true),
                settings.duration("mysql.start.timeout-ms", Duration.ofMinutes(2)),
                instanceName(settings, mysql));
    }

    /** {@code mysql.instance-name}, by default host and port: {@code 127.0.0.1-3306}. */
    private static String instanceName(Settings settings, MySqlInstance mysql) {
        String name = settings.string("mysql.instance-name", mysql.host() + "-" + mysql.port());
        if (name.length() > 128) {
            throw new InvalidSettingException("mysql.instance-name", "is longer than 128 characters");
        }
        return name;
    }

    /** The snapshot strategy of {@code snapshot.strategy}, with its zipper and copier. */
    static SnapshotStrategy snapshotStrategy(Settings settings) {
        DataDirectoryZipper zipper = new DataDirectoryZipper(settings.integer("snapshot.compression-level", 1, 0, 9),
                settings.integer("snapshot.compression-threads", Math.min(4, Runtime.getRuntime().availableProcessors()),
                        1, 64));
        String method = settings.string("snapshot.copy-method", "java");
        DataDirectoryCopier.Method copyMethod;
        try {
            copyMethod = DataDirectoryCopier.Method.valueOf(method.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("snapshot.copy-method", "is '" + method + "', not one of java, cp, auto");
        }
        DataDirectoryCopier copier = new DataDirectoryCopier(copyMethod, settings.integer("snapshot.copy-threads",
                SnapshotStrategies.DEFAULT_COPY_THREADS, 1, 64));
        String name = settings.string("snapshot.strategy", "copy");
        try {
            return SnapshotStrategies.named(name, zipper, copier,
                    settings.duration("snapshot.reflink-timeout-ms", SnapshotStrategies.DEFAULT_REFLINK_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("snapshot.strategy", "is '" + name + "', not one of "
                    + String.join(", ", SnapshotStrategies.NAMES));
        }
    }

}
