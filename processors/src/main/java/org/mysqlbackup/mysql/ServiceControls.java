package org.mysqlbackup.mysql;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * Builds the {@link ServiceControl} named by {@code mysql.service.strategy}:
 * <ul>
 *   <li>{@code systemd}: {@code systemctl stop|start <mysql.service.name>}, status
 *       {@code systemctl is-active --quiet <mysql.service.name>}</li>
 *   <li>{@code sysv}: {@code service <mysql.service.name> stop|start|status}</li>
 *   <li>{@code windows}: {@code sc.exe stop|start|query <mysql.service.name>}. {@code sc.exe stop} only
 *       asks the service to stop and returns at once; the caller proves the stop by other means.</li>
 *   <li>{@code command}: {@code mysql.service.stop-command} and {@code mysql.service.start-command},
 *       and the optional {@code mysql.service.status-command}, each run with {@code sh -c}</li>
 *   <li>{@code sql-shutdown}: the SQL statement {@code SHUTDOWN} as {@code mysql.service.shutdown-user}
 *       (default {@code mysql.user}), which needs the SHUTDOWN privilege; started with
 *       {@code mysql.service.start-command}</li>
 * </ul>
 * Status commands exit 0 while MySQL runs ({@code systemd} and {@code sysv} follow the LSB codes:
 * 1-3 mean stopped, anything else unknown; a custom status command: anything but 0 means stopped).
 */
public final class ServiceControls {
    public static final String STRATEGY = "mysql.service.strategy";
    public static final String NAME = "mysql.service.name";
    public static final String STOP_COMMAND = "mysql.service.stop-command";
    public static final String START_COMMAND = "mysql.service.start-command";
    public static final String STATUS_COMMAND = "mysql.service.status-command";
    public static final String SHUTDOWN_USER = "mysql.service.shutdown-user";
    public static final String SHUTDOWN_PASSWORD = "mysql.service.shutdown-password";

    /** sc.exe: ERROR_SERVICE_NOT_ACTIVE, the service was not running, which is what a stop wants. */
    static final int SC_SERVICE_NOT_ACTIVE = 1062;
    /** sc.exe: ERROR_SERVICE_ALREADY_RUNNING, which is what a start wants. */
    static final int SC_SERVICE_ALREADY_RUNNING = 1056;

    private static final Pattern UNIX_SERVICE_NAME = Pattern.compile("[A-Za-z0-9@._][A-Za-z0-9@._-]*");
    /** A service's key name (what sc.exe takes), not its display name; no leading '\\' (a server name). */
    private static final Pattern WINDOWS_SERVICE_NAME = Pattern.compile("[A-Za-z0-9_.$@][A-Za-z0-9_.$@-]{0,255}");
    private static final Pattern SC_STATE = Pattern.compile("(?m)^\\s*STATE\\s*:\\s*(\\d+)");
    private static final int SC_STATE_STOPPED = 1;

    private ServiceControls() {
    }

    public static ServiceControl fromSettings(Settings settings, CommandRunner runner) {
        String strategy = settings.string(STRATEGY, "systemd").toLowerCase(Locale.ROOT);
        return switch (strategy) {
            case "systemd" -> {
                String unit = unixServiceName(settings);
                yield CommandServiceControl.builder("systemd unit " + unit, runner)
                        .stop(List.of("systemctl", "stop", unit))
                        .start(List.of("systemctl", "start", unit))
                        .status(List.of("systemctl", "is-active", "--quiet", unit),
                                r -> ServiceState.fromLsbExitCode(r.exitCode()))
                        .build();
            }
            case "sysv" -> {
                String service = unixServiceName(settings);
                yield CommandServiceControl.builder("SysV service " + service, runner)
                        .stop(List.of("service", service, "stop"))
                        .start(List.of("service", service, "start"))
                        .status(List.of("service", service, "status"), r -> ServiceState.fromLsbExitCode(r.exitCode()))
                        .build();
            }
            case "windows" -> {
                String service = windowsServiceName(settings);
                yield CommandServiceControl.builder("Windows service " + service, runner)
                        .stop(List.of("sc.exe", "stop", service))
                        .start(List.of("sc.exe", "start", service))
                        .status(List.of("sc.exe", "query", service), ServiceControls::readScQuery)
                        .stopAlsoSucceedsWith(SC_SERVICE_NOT_ACTIVE)
                        .startAlsoSucceedsWith(SC_SERVICE_ALREADY_RUNNING)
                        .build();
            }
            case "command" -> CommandServiceControl.builder("custom commands", runner)
                    .stop(shell(settings.string(STOP_COMMAND)))
                    .start(shell(settings.string(START_COMMAND)))
                    .status(statusCommand(settings).orElse(null), ServiceControls::readCustomStatus)
                    .build();
            case "sql-shutdown" -> new SqlShutdownServiceControl(shutdownAccount(settings),
                    CommandServiceControl.builder("sql-shutdown strategy", runner)
                            .start(shell(settings.string(START_COMMAND)))
                            .status(statusCommand(settings).orElse(null), ServiceControls::readCustomStatus)
                            .build());
            default -> throw new InvalidSettingException(STRATEGY,
                    "'" + strategy + "' is not one of systemd, sysv, windows, command, sql-shutdown");
        };
    }

    /** The account SHUTDOWN is sent as: its own key, so the everyday account can stay unprivileged. */
    private static MySqlInstance shutdownAccount(Settings settings) {
        String user = settings.optional(SHUTDOWN_USER).orElseGet(() -> {
            try {
                return settings.string("mysql.user");
            } catch (InvalidSettingException e) {
                throw new InvalidSettingException(SHUTDOWN_USER,
                        "is required for mysql.service.strategy=sql-shutdown when mysql.user is not set");
            }
        });
        String password = settings.optional(SHUTDOWN_PASSWORD).orElseGet(() -> settings.string("mysql.password", ""));
        return new MySqlInstance(settings.string("mysql.host", "127.0.0.1"),
                settings.integer("mysql.port", 3306, 1, 65535), user, password, null, null);
    }

    private static String unixServiceName(Settings settings) {
        String name = settings.string(NAME, "mariadb");
        if (!UNIX_SERVICE_NAME.matcher(name).matches()) {
            throw new InvalidSettingException(NAME, "'" + name + "' is not a service name (letters, digits and"
                    + " @ . _ -, not starting with -)");
        }
        return name;
    }

    private static String windowsServiceName(Settings settings) {
        String name = settings.string(NAME, "mariadb");
        if (!WINDOWS_SERVICE_NAME.matcher(name).matches()) {
            throw new InvalidSettingException(NAME, "'" + name + "' is not a Windows service name: give the key"
                    + " name that 'sc.exe query' shows (letters, digits and _ . $ @ -, at most 256, not starting"
                    + " with -), not the display name");
        }
        return name;
    }

    private static Optional<List<String>> statusCommand(Settings settings) {
        return settings.optional(STATUS_COMMAND).map(ServiceControls::shell);
    }

    private static ServiceState readCustomStatus(CommandResult result) {
        return result.succeeded() ? ServiceState.RUNNING : ServiceState.STOPPED;
    }

    /** {@code STATE : 4  RUNNING}; every state but 1 (STOPPED), pending ones included, has a live process. */
    static ServiceState readScQuery(CommandResult result) {
        if (!result.succeeded()) {
            return ServiceState.UNKNOWN;
        }
        Matcher state = SC_STATE.matcher(result.output());
        if (!state.find()) {
            return ServiceState.UNKNOWN;
        }
        return Integer.parseInt(state.group(1)) == SC_STATE_STOPPED ? ServiceState.STOPPED : ServiceState.RUNNING;
    }

    private static List<String> shell(String line) {
        return List.of("sh", "-c", line);
    }
}
