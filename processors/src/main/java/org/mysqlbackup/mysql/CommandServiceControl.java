package org.mysqlbackup.mysql;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ServiceControl} made of operating-system commands; the strategies differ only in which
 * commands, which exit codes count as success, and how the status command's result is read.
 */
public class CommandServiceControl implements ServiceControl {
    private static final Logger LOG = LoggerFactory.getLogger(CommandServiceControl.class);

    private final String description;
    private final List<String> stopCommand;
    private final List<String> startCommand;
    private final List<String> statusCommand;
    private final Function<CommandResult, ServiceState> statusReader;
    private final Set<Integer> stopSuccessCodes;
    private final Set<Integer> startSuccessCodes;
    private final CommandRunner runner;

    /** Stop and start commands that succeed with exit code 0; no status command. */
    public CommandServiceControl(String description, List<String> stopCommand, List<String> startCommand,
                                 CommandRunner runner) {
        this(builder(description, runner).stop(stopCommand).start(startCommand));
    }

    private CommandServiceControl(Builder builder) {
        if (builder.startCommand == null) {
            throw new IllegalArgumentException("a start command is required for " + builder.description);
        }
        this.description = builder.description;
        this.stopCommand = builder.stopCommand == null ? List.of() : List.copyOf(builder.stopCommand);
        this.startCommand = List.copyOf(builder.startCommand);
        this.statusCommand = builder.statusCommand == null ? List.of() : List.copyOf(builder.statusCommand);
        this.statusReader = builder.statusReader;
        this.stopSuccessCodes = Set.copyOf(builder.stopSuccessCodes);
        this.startSuccessCodes = Set.copyOf(builder.startSuccessCodes);
        this.runner = builder.runner;
    }

    public static Builder builder(String description, CommandRunner runner) {
        return new Builder(description, runner);
    }

    @Override
    public String startCommandLine() {
        return CommandRunner.display(startCommand);
    }

    /** @throws CommandFailedException also when this control was built without a stop command */
    @Override
    public void stop(Duration timeout) {
        stop(timeout, process -> { });
    }

    @Override
    public void stop(Duration timeout, Consumer<ProcessHandle> command) {
        if (stopCommand.isEmpty()) {
            throw new CommandFailedException(description + " has no stop command");
        }
        execute("stop", stopCommand, stopSuccessCodes, timeout, command);
    }

    @Override
    public void start(Duration timeout) {
        start(timeout, process -> { });
    }

    @Override
    public void start(Duration timeout, Consumer<ProcessHandle> command) {
        execute("start", startCommand, startSuccessCodes, timeout, command);
    }

    @Override
    public ServiceState status(Duration timeout) {
        if (statusCommand.isEmpty()) {
            return ServiceState.UNKNOWN;
        }
        CommandResult result = runner.run(statusCommand, timeout);
        ServiceState state = statusReader.apply(result);
        LOG.debug("Status command of {} exited with {}: {}", description, result.exitCode(), state);
        return state;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Empty when this control was built without one (it then only starts). */
    public List<String> stopCommand() {
        return stopCommand;
    }

    public List<String> startCommand() {
        return startCommand;
    }

    /** Empty when this control has no status command. */
    public Optional<List<String>> statusCommand() {
        return statusCommand.isEmpty() ? Optional.empty() : Optional.of(statusCommand);
    }

    private void execute(String action, List<String> command, Set<Integer> successCodes, Duration timeout,
                         Consumer<ProcessHandle> started) {
        LOG.info("Running {} command of {}: {}", action, description, CommandRunner.display(command));
        CommandResult result = runner.run(command, timeout, started);
        if (!successCodes.contains(result.exitCode())) {
            throw new CommandFailedException(action + " command " + CommandRunner.display(command) + " exited with "
                    + result.exitCode() + CommandRunner.outputSuffix(result.output()));
        }
        LOG.info("{} command of {} finished in {} ms (exit {})", action, description, result.elapsed().toMillis(),
                result.exitCode());
    }

    /** Collects the commands of one strategy; exit code 0 is always a success. */
    public static final class Builder {
        private final String description;
        private final CommandRunner runner;
        private List<String> stopCommand;
        private List<String> startCommand;
        private List<String> statusCommand;
        private Function<CommandResult, ServiceState> statusReader = r -> ServiceState.UNKNOWN;
        private Set<Integer> stopSuccessCodes = Set.of(0);
        private Set<Integer> startSuccessCodes = Set.of(0);

        private Builder(String description, CommandRunner runner) {
            this.description = description;
            this.runner = runner;
        }

        public Builder stop(List<String> command) {
            this.stopCommand = command;
            return this;
        }

        public Builder start(List<String> command) {
            this.startCommand = command;
            return this;
        }

        /** A status command and how to read its result; a {@code null} command means none. */
        public Builder status(List<String> command, Function<CommandResult, ServiceState> reader) {
            this.statusCommand = command;
            this.statusReader = reader;
            return this;
        }

        /** Exit codes besides 0 that mean "stopped", such as "the service was not running". */
        public Builder stopAlsoSucceedsWith(Integer... exitCodes) {
            this.stopSuccessCodes = withZero(exitCodes);
            return this;
        }

        /** Exit codes besides 0 that mean "started", such as "the service is already running". */
        public Builder startAlsoSucceedsWith(Integer... exitCodes) {
            this.startSuccessCodes = withZero(exitCodes);
            return this;
        }

        public CommandServiceControl build() {
            return new CommandServiceControl(this);
        }

        private static Set<Integer> withZero(Integer... codes) {
            Set<Integer> all = new HashSet<>(List.of(codes));
            all.add(0);
            return all;
        }
    }
}
