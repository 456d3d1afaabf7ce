package org.mysqlbackup.drill;

import java.util.List;

/** What the checks found on the restored copy: how many tables were checked and which failed. */
public record TableReport(int tablesChecked, List<TableProblem> problems) {
    public TableReport {
        problems = List.copyOf(problems);
    }
}
