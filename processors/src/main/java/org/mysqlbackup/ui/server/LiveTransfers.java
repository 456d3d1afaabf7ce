package org.mysqlbackup.ui.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.server.IncomingTransfer;
import org.mysqlbackup.server.IncomingTransfers;
import org.mysqlbackup.transfer.ChunkLayout;

/**
 * The transfers running now, with progress, rate and ETA, for the console's live view. The rate
 * is the bytes that arrived since the previous look, smoothed, so one slow second does not swing
 * the ETA; it is read from the transfers in memory and never touches the database or the chunk path.
 */
public class LiveTransfers {
    private static final double SMOOTHING = 0.5;
    /** How long a transfer that ended stays in the view, with how it ended. */
    private static final Duration SHOW_ENDED = Duration.ofSeconds(15);

    private final IncomingTransfers transfers;
    private final Function<String, Optional<String>> endedStatus;
    private final Clock clock;
    private final Map<String, Sample> samples = new HashMap<>();
    private final Map<String, Ended> ended = new LinkedHashMap<>();

    /** @param endedStatus the history's status of a transfer that left memory (Completed, Failed, ...) */
    public LiveTransfers(IncomingTransfers transfers, Function<String, Optional<String>> endedStatus, Clock clock) {
        this.transfers = transfers;
        this.endedStatus = endedStatus;
        this.clock = clock;
    }

    /** One running transfer as the page shows it. */
    public record Live(String transferId, String client, String configuration, String fileName, long fileSize,
                       int chunkCount, int chunksReceived, long bytesReceived, double percent,
                       long bytesPerSecond, Long etaSeconds, String status) {
    }

    public synchronized List<Live> now() {
        Instant at = clock.instant();
        List<Live> live = new ArrayList<>();
        Map<String, Sample> next = new HashMap<>();
        for (IncomingTransfer transfer : transfers.openNow()) {
            InitTransfer init = transfer.init();
            ChunkLayout layout = transfer.layout();
            BitSet received = transfer.received();
            long bytes = 0;
            for (int i = received.nextSetBit(0); i >= 0; i = received.nextSetBit(i + 1)) {
                bytes += layout.length(i);
            }
            Sample previous = samples.get(transfer.transferId());
            double rate = 0;
            if (previous != null) {
                double seconds = Duration.between(previous.at, at).toMillis() / 1000.0;
                double instant = seconds > 0 ? Math.max(0, bytes - previous.bytes) / seconds : previous.rate;
                rate = previous.rate == 0 ? instant : SMOOTHING * instant + (1 - SMOOTHING) * previous.rate;
            }
            long remaining = init.fileSize() - bytes;
            Long eta = rate > 0 ? (long) Math.ceil(remaining / rate) : null;
            double percent = init.fileSize() == 0 ? 100 : Math.min(100, 100.0 * bytes / init.fileSize());
            Live now = new Live(transfer.transferId(), transfer.clientId(), init.configName(), init.fileName(),
                    init.fileSize(), layout.chunkCount(), received.cardinality(), bytes,
                    Math.round(percent * 10) / 10.0, Math.round(rate), eta, "Transferring");
            next.put(transfer.transferId(), new Sample(at, bytes, rate, now));
            live.add(now);
        }
        for (Map.Entry<String, Sample> gone : samples.entrySet()) {
            if (!next.containsKey(gone.getKey())) {
                Live last = gone.getValue().live;
                String status = endedStatus.apply(last.transferId()).orElse("Ended");
                boolean stored = "Completed".equals(status);
                ended.put(last.transferId(), new Ended(at, new Live(last.transferId(), last.client(),
                        last.configuration(), last.fileName(), last.fileSize(), last.chunkCount(),
                        stored ? last.chunkCount() : last.chunksReceived(), stored ? last.fileSize()
                        : last.bytesReceived(), stored ? 100.0 : last.percent(), 0, null, status)));
            }
        }
        ended.values().removeIf(e -> e.at.plus(SHOW_ENDED).isBefore(at));
        ended.values().forEach(e -> live.add(e.live));
        samples.clear();
        samples.putAll(next);
        live.sort(Comparator.comparing(Live::client).thenComparing(Live::configuration));
        return live;
    }

    private record Sample(Instant at, long bytes, double rate, Live live) {
    }

    private record Ended(Instant at, Live live) {
    }
}
