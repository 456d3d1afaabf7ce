package org.mysqlbackup.configuration;

import java.util.List;
import org.mysqlbackup.schedule.ScheduleInput;

/**
 * One configuration of an exported file with its schedules, as text to validate.
 *
 * @param schedules {@code null} when the file says nothing about them (an import leaves the
 *                  stored ones alone); otherwise the complete list (an import replaces them)
 */
public record ExportedConfiguration(BackupConfiguration configuration, List<ScheduleInput> schedules) {
    public String name() {
        return configuration.name();
    }
}
