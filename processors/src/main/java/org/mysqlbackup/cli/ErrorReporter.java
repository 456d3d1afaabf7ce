package org.mysqlbackup.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a command that threw as one line on stderr, not a stack trace: the operator needs the
 * reason, the log has the details. A configuration mistake (an {@link IllegalArgumentException}
 * anywhere in the chain, which includes every invalid setting) exits with {@link ExitCodes#USAGE}.
 */
class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        Throwable usage = find(e, IllegalArgumentException.class);
        Throwable shown = usage != null ? usage : deepestWithMessage(e);
        commandLine.getErr().println(commandLine.getCommandName() + ": "
                + (shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage()));
        return usage != null ? ExitCodes.USAGE : ExitCodes.BACKUP_FAILED;
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable cur = t; cur != null; cur = next(cur)) {
            if (type.isInstance(cur)) {
                return cur;
            }
        }
        return null;
    }

    /** Camel wraps start-up failures several times; the innermost message is the useful one. */
    private static Throwable deepestWithMessage(Throwable t) {
        Throwable best = t;
        for (Throwable cur = t; cur != null; cur = next(cur)) {
            if (cur.getMessage() != null) {
                best = cur;
            }
        }
        return best;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
