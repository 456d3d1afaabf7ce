package org.mysqlbackup.mysql;

import java.util.List;
import java.util.Locale;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;

/**
 * Builds the {@link ServiceControl} named by {@code mysql.service.strategy}:
 * <ul>
 *   <li>{@code systemd}: {@code systemctl stop|start <mysql.service.name>}</li>
 *   <li>{@code sysv}: {@code service <mysql.service.name> stop|start}</li>
 *   <li>{@code command}: {@code mysql.service.stop-command} and {@code mysql.service.start-command},
 *       each run with {@code sh -c}</li>
 * </ul>
 */
public final class ServiceControls {
    private ServiceControls() {
    }

    public static ServiceControl fromSettings(Settings settings, CommandRunner runner) {
        String strategy = settings.string("mysql.service.strategy", "systemd").toLowerCase(Locale.ROOT);
        return switch (strategy) {
            case "systemd" -> {
                String unit = serviceName(settings);
                yield new CommandServiceControl("systemd unit " + unit,
                        List.of("systemctl", "stop", unit), List.of("systemctl", "start", unit), runner);
            }
            case "sysv" -> {
                String service = serviceName(settings);
                yield new CommandServiceControl("SysV service " + service,
                        List.of("service", service, "stop"), List.of("service", service, "start"), runner);
            }
            case "command" -> new CommandServiceControl("custom commands",
                    shell(settings.string("mysql.service.stop-command")),
                    shell(settings.string("mysql.service.start-command")), runner);
            default -> throw new InvalidSettingException("mysql.service.strategy",
                    "'" + strategy + "' is not one of systemd, sysv, command");
        };
    }

    private static String serviceName(Settings settings) {
        String name = settings.string("mysql.service.name", "mariadb");
        if (!name.matches("[A-Za-z0-9@._-]+")) {
            throw new InvalidSettingException("mysql.service.name", "'" + name + "' is not a service name");
        }
        return name;
    }

    private static List<String> shell(String line) {
        return List.of("sh", "-c", line);
    }
}
