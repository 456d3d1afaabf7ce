package org.mysqlbackup.mysql;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link ServiceControl} made of two commands; the strategies differ only in which commands. */
public class CommandServiceControl implements ServiceControl {
    private static final Logger LOG = LoggerFactory.getLogger(CommandServiceControl.class);

    private final String description;
    private final List<String> stopCommand;
    private final List<String> startCommand;
    private final CommandRunner runner;

    public CommandServiceControl(String description, List<String> stopCommand, List<String> startCommand,
                                 CommandRunner runner) {
        this.description = description;
        this.stopCommand = List.copyOf(stopCommand);
        this.startCommand = List.copyOf(startCommand);
        this.runner = runner;
    }

    @Override
    public void stop(Duration timeout) {
        execute("stop", stopCommand, timeout);
    }

    @Override
    public void start(Duration timeout) {
        execute("start", startCommand, timeout);
    }

    @Override
    public String describe() {
        return description;
    }

    public List<String> stopCommand() {
        return stopCommand;
    }

    public List<String> startCommand() {
        return startCommand;
    }

    private void execute(String action, List<String> command, Duration timeout) {
        LOG.info("Running {} command of {}: {}", action, description, CommandRunner.display(command));
        CommandResult result = runner.run(command, timeout);
        if (!result.succeeded()) {
            throw new CommandFailedException(action + " command " + CommandRunner.display(command) + " exited with "
                    + result.exitCode() + CommandRunner.outputSuffix(result.output()));
        }
        LOG.info("{} command of {} finished in {} ms", action, description, result.elapsed().toMillis());
    }
}
