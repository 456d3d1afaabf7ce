package org.mysqlbackup.mysql;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** A {@link CommandRunner} that runs nothing: it records each command and answers with scripted results. */
final class RecordingRunner extends CommandRunner {
    record Call(List<String> command, Duration timeout) {
    }

    final List<Call> calls = new ArrayList<>();
    private final Deque<CommandResult> answers = new ArrayDeque<>();

    RecordingRunner answering(int exitCode, String output) {
        answers.add(new CommandResult(exitCode, output, Duration.ofMillis(3)));
        return this;
    }

    List<String> lastCommand() {
        return calls.get(calls.size() - 1).command();
    }

    /** The one overridable way of running a command: nothing real runs on this host. */
    @Override
    public CommandResult run(List<String> command, Duration timeout, Consumer<ProcessHandle> started) {
        calls.add(new Call(command, timeout));
        CommandResult answer = answers.poll();
        return answer != null ? answer : new CommandResult(0, "", Duration.ofMillis(3));
    }
}
