package org.mysqlbackup.cli;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mysqlbackup.client.RunObserver;
import org.mysqlbackup.client.run.ActiveRuns;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStep;
import org.mysqlbackup.client.run.TransferProgress;

/**
 * Draws the running backup's step and transfer on a {@link ProgressView}, read from
 * {@link ActiveRuns} on a timer of its own: the backup's threads never wait for the terminal.
 */
final class RunProgressWatcher implements AutoCloseable {
    private final ActiveRuns runs;
    private final ProgressView view;
    private final ScheduledExecutorService timer;

    private RunProgressWatcher(ActiveRuns runs, ProgressView view, Duration every) {
        this.runs = runs;
        this.view = view;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "progress-bar");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::draw, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Watches with {@code view}; {@link RunObserver#NONE} when the view shows nothing. */
    static RunObserver observer(ProgressView view) {
        return view == ProgressView.NONE ? RunObserver.NONE
                : runs -> new RunProgressWatcher(runs, view, Duration.ofMillis(200));
    }

    private void draw() {
        try {
            runs.all().stream().findFirst().ifPresent(this::draw);
        } catch (RuntimeException e) {
            // a bar that cannot be drawn must not stop the backup, nor the next redraw
        }
    }

    private void draw(BackupRun run) {
        BackupStep step = run.step();
        if (step == null) {
            return;
        }
        TransferProgress progress = run.progress();
        // finalize is the server's check of the whole file: time spent, no bytes
        boolean sending = step == BackupStep.TRANSFER;
        view.update(step.label(), sending ? progress.confirmedBytes() : 0, sending ? progress.totalBytes() : -1);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        view.end();
    }
}
