package org.mysqlbackup.cli;

import java.io.PrintWriter;
import org.mysqlbackup.drill.DrillResult;
import org.mysqlbackup.drill.TableProblem;

/** How both drill commands print a result: the outcome line, each failed table, the error log tail, the time split. */
final class DrillOutput {
    private DrillOutput() {
    }

    static void print(String what, DrillResult result, PrintWriter out) {
        out.println("Drill of " + what + ": " + result.outcome().label().toUpperCase(java.util.Locale.ROOT));
        switch (result.outcome()) {
            case PASSED -> out.println("  " + result.reason());
            case FAILED -> {
                if (result.problems().isEmpty()) {
                    out.println("  " + result.reason());
                } else {
                    out.println("  " + result.problems().size() + " of " + result.tablesChecked() + " tables failed:");
                    for (TableProblem problem : result.problems()) {
                        out.println("    " + problem);
                    }
                    if (!result.checksumsCompared()) {
                        out.println("  " + DrillResult.NO_CHECKSUMS);
                    }
                }
            }
            case COULD_NOT_BOOT -> result.reason().lines().forEach(line -> out.println("  " + line));
        }
        out.println(result.timings().line());
    }
}
