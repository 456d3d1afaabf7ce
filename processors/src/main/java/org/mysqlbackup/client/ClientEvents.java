package org.mysqlbackup.client;

import java.time.Clock;
import org.mysqlbackup.client.run.Archive;
import org.mysqlbackup.client.run.BackupRun;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.client.run.Outcome;
import org.mysqlbackup.events.BackupEvent;
import org.mysqlbackup.events.BackupEvents;
import org.mysqlbackup.events.EventType;

/**
 * The client's events of a backup, made from its {@link BackupRun} where the workflow records the
 * same moment in BackupLogs (start, each step, the end) and published without waiting.
 */
public class ClientEvents {
    public static final String SIDE = "client";

    private final BackupEvents events;
    private final String host;
    private final Clock clock;

    public ClientEvents(BackupEvents events, String host, Clock clock) {
        this.events = events;
        this.host = host;
        this.clock = clock;
    }

    /** Events of nobody, for the tools that drive the processors without the app. */
    public static ClientEvents none() {
        return new ClientEvents(BackupEvents.none(), null, Clock.systemUTC());
    }

    public void started(BackupRun run) {
        events.publish(of(EventType.BACKUP_STARTED, run).status(BackupStatus.Queued.name()).build());
    }

    public void step(BackupRun run) {
        events.publish(of(EventType.BACKUP_STEP, run).step(run.step().label()).status(run.step().status().name())
                .build());
    }

    /** A Completed, Failed or Cancelled run, from its outcome. */
    public void ended(BackupRun run) {
        Outcome outcome = run.outcome().orElseThrow();
        EventType type = switch (outcome.status()) {
            case Completed -> EventType.BACKUP_COMPLETED;
            case Cancelled -> EventType.BACKUP_CANCELLED;
            default -> EventType.BACKUP_FAILED;
        };
        BackupEvent.Builder event = of(type, run).status(outcome.status().name())
                .durationMs(run.duration().toMillis());
        Archive archive = run.archive();
        if (archive.sha256() != null) {
            event.sizeBytes(archive.size()).sha256(archive.sha256());
        }
        if (type == EventType.BACKUP_COMPLETED) {
            event.fileName(run.delivery().storedPath())
                    .downtimeMs(run.downtime().duration().map(d -> d.toMillis()).orElse(null));
        } else {
            event.step(outcome.step().map(s -> s.label()).orElse(null)).reason(outcome.reason())
                    .mysqlRunning(outcome.mysqlRunning());
        }
        events.publish(event.build());
    }

    private BackupEvent.Builder of(EventType type, BackupRun run) {
        return BackupEvent.of(type, SIDE, clock.instant()).host(host).configuration(run.configName())
                .backupId(run.logId()).transferId(run.delivery().transferId());
    }
}
