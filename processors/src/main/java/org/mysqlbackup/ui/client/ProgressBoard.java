package org.mysqlbackup.ui.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupLogStore;
import org.mysqlbackup.ui.EventStream;

/**
 * What the console's live view shows: the backups running now with their step and progress, and
 * the last ones that ended, from the rows {@code backup-client status} reads (a running backup
 * writes its step at once and its transferred bytes every {@code transfer.progress-interval-ms}).
 */
public class ProgressBoard {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BackupLogStore log;
    private final int recent;
    private final EventStream stream;

    /**
     * @param recent   how many of the last backups the board shows beside the running ones
     * @param period   how often the progress stream sends the board
     * @param lifetime how long one progress stream lasts
     */
    public ProgressBoard(BackupLogStore log, int recent, Duration period, Duration lifetime) {
        this.log = log;
        this.recent = recent;
        this.stream = new EventStream(period, lifetime);
    }

    /**
     * One backup on the board. {@code percent} is the share of the file the server confirmed (null
     * before the transfer); a completed backup is 100.
     */
    public record BackupProgress(long id, String configuration, String status, String step, boolean running,
                                 Long fileSize, Long bytesTransferred, Double percent, Long rate, Long etaSeconds,
                                 String startTime, String endTime, String updatedAt, String error) {

        static BackupProgress of(BackupLogRow row) {
            boolean running = !row.status().isFinal();
            Double percent = null;
            if ("Completed".equals(row.status().name())) {
                percent = 100.0;
            } else if (row.fileSize() != null && row.bytesTransferred() != null) {
                percent = row.fileSize() == 0 ? 100.0
                        : Math.min(100.0, 100.0 * row.bytesTransferred() / row.fileSize());
            }
            Long rate = running ? row.transferRate() : null;
            Long eta = rate == null || rate <= 0 || row.fileSize() == null || row.bytesTransferred() == null ? null
                    : Math.max(0, row.fileSize() - row.bytesTransferred()) / rate;
            return new BackupProgress(row.id(), row.configName(), row.status().name(), row.step(), running,
                    row.fileSize(), row.bytesTransferred(), percent, rate, eta, row.startTime(), row.endTime(),
                    row.updatedAt(), row.errorMessage());
        }
    }

    public record Board(List<BackupProgress> running, List<BackupProgress> recent) {
    }

    public Board board() {
        List<BackupProgress> running = log.unfinished().stream().filter(row -> !row.isDead())
                .map(BackupProgress::of).toList();
        List<BackupProgress> last = log.recent(recent + running.size()).stream()
                .map(BackupLogRow::asSeenNow).filter(row -> row.status().isFinal())
                .limit(recent).map(BackupProgress::of).toList();
        return new Board(running, last);
    }

    /**
     * The progress stream: the board every period, as server-sent events written to the response
     * of {@code exchange}, for the stream's lifetime (then the browser's EventSource reconnects).
     */
    public void events(Exchange exchange) throws InterruptedException {
        stream.stream(exchange, this::event);
    }

    /** The board as one JSON text: an event of the progress stream. */
    public String event() {
        try {
            return JSON.writeValueAsString(board());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the progress board as JSON", e);
        }
    }
}
