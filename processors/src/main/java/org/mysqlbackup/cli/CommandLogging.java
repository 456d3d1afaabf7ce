package org.mysqlbackup.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParseResult;

/**
 * The log level of one command line. A command's output is its answer: at the default level a
 * command logs only warnings and errors (no schema migration, no pool start-up). Commands that run
 * backups, when no person watches (cron, systemd, a pipe), keep their step and transfer lines:
 * those are their progress. {@code --verbose} keeps everything at the levels of the logging
 * configuration, and the pool's own lines too. The daemons ({@code client} and {@code server}
 * without a subcommand) keep the configuration's levels: their INFO log is what journald records.
 */
final class CommandLogging {
    static final String VERBOSE = "--verbose";
    /** The loggers whose INFO lines are a backup's progress: its steps and its transfer. */
    static final List<String> PROGRESS_LOGGERS = List.of("org.mysqlbackup.client.StepTracker",
            "org.mysqlbackup.client.ProgressReporter");
    /**
     * INFO lines that are part of a command's answer, kept at every level: each stored backup
     * retention deletes (its audit trail, as the README's log table lists it).
     */
    static final List<String> ANSWER_LOGGERS = List.of("org.mysqlbackup.retention.RetentionEnforcer");
    private static final Set<Class<?>> DAEMONS = Set.of(ClientCommand.class, ServerCommand.class);
    private static final Set<Class<?>> RUNS_BACKUPS = Set.of(BackupNowCommand.class, ResumeCommand.class,
            SendCommand.class);

    private CommandLogging() {
    }

    /** What a command line logs, decided from what it asked for. */
    enum Mode { CONFIGURED, VERBOSE, QUIET, QUIET_WITH_PROGRESS_LINES }

    static Mode mode(ParseResult parsed, boolean terminal) {
        boolean verbose = false;
        ParseResult leaf = parsed;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption(VERBOSE);
            leaf = p;
        }
        Class<?> command = leaf.commandSpec().userObject().getClass();
        if (verbose) {
            return Mode.VERBOSE;
        }
        if (DAEMONS.contains(command) || leaf == parsed) {
            return Mode.CONFIGURED;
        }
        return RUNS_BACKUPS.contains(command) && !terminal ? Mode.QUIET_WITH_PROGRESS_LINES : Mode.QUIET;
    }

    static void apply(Mode mode) {
        switch (mode) {
            case VERBOSE -> level("com.zaxxer.hikari", Level.INFO);
            case QUIET -> quiet();
            case QUIET_WITH_PROGRESS_LINES -> {
                quiet();
                PROGRESS_LOGGERS.forEach(name -> level(name, Level.INFO));
            }
            default -> { }
        }
    }

    private static void quiet() {
        level("org.mysqlbackup", Level.WARN);
        ANSWER_LOGGERS.forEach(name -> level(name, Level.INFO));
    }

    private static void level(String name, Level level) {
        if (LoggerFactory.getLogger(name) instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
