package org.mysqlbackup.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One event of a backup as both sides publish it (README "Events" lists the fields). Immutable;
 * fields that do not apply to an event are null and left out of its JSON. Nothing secret belongs
 * here: the reason is the same text as the history's.
 *
 * @param type          what happened
 * @param time          when, to the millisecond
 * @param side          {@code client} or {@code server}
 * @param host          the host that publishes (alert.host-name, or the server's name)
 * @param client        the client id (its certificate's common name); server events only
 * @param configuration the backup configuration
 * @param backupId      the BackupLogs id on the side that publishes
 * @param transferId    the id that names the transfer on both sides
 * @param step          the workflow step (client) reached or failed at
 * @param status        the BackupLogs status
 * @param reason        why it failed, was cancelled or refused; what verify or a drill found
 * @param fileName      the stored file (relative to the server's storage root) or the file shipped
 * @param sizeBytes     the file's size
 * @param sha256        the file's SHA-256
 * @param downtimeMs    how long MySQL was down (completed backups)
 * @param durationMs    how long the backup took (ended backups)
 * @param mysqlRunning  whether MySQL answers at the end (failed and cancelled backups)
 * @param result        the verify or drill result
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "event", "time", "side", "host", "client", "configuration", "backupId", "transferId",
        "step", "status", "reason", "fileName", "sizeBytes", "sha256", "downtimeMs", "durationMs", "mysqlRunning",
        "result"})
public record BackupEvent(@JsonIgnore EventType type, @JsonIgnore Instant time, String side, String host,
                          String client, String configuration, Long backupId, String transferId, String step,
                          String status, String reason, String fileName, Long sizeBytes, String sha256,
                          Long downtimeMs, Long durationMs, Boolean mysqlRunning, String result) {
    /** The version of the JSON shape; raised only when a field changes meaning or goes away. */
    public static final int SCHEMA = 1;

    public BackupEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(side, "side");
        time = time.truncatedTo(ChronoUnit.MILLIS);
    }

    @JsonProperty("schema")
    public int schema() {
        return SCHEMA;
    }

    @JsonProperty("event")
    public String event() {
        return type.wireName();
    }

    /** ISO-8601 in UTC, e.g. {@code 2026-12-07T23:40:01.123Z}. */
    @JsonProperty("time")
    public String timeText() {
        return time.toString();
    }

    /** A builder of an event of {@code type} on {@code side} at {@code time}. */
    public static Builder of(EventType type, String side, Instant time) {
        return new Builder(type, side, time);
    }

    /** Fills an event field by field: most events carry only a few of them. */
    public static final class Builder {
        private final EventType type;
        private final String side;
        private final Instant time;
        private String host;
        private String client;
        private String configuration;
        private Long backupId;
        private String transferId;
        private String step;
        private String status;
        private String reason;
        private String fileName;
        private Long sizeBytes;
        private String sha256;
        private Long downtimeMs;
        private Long durationMs;
        private Boolean mysqlRunning;
        private String result;

        private Builder(EventType type, String side, Instant time) {
            this.type = type;
            this.side = side;
            this.time = time;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder client(String value) {
            client = value;
            return this;
        }

        public Builder configuration(String value) {
            configuration = value;
            return this;
        }

        public Builder backupId(Long value) {
            backupId = value;
            return this;
        }

        public Builder transferId(String value) {
            transferId = value;
            return this;
        }

        public Builder step(String value) {
            step = value;
            return this;
        }

        public Builder status(String value) {
            status = value;
            return this;
        }

        public Builder reason(String value) {
            reason = value;
            return this;
        }

        public Builder fileName(String value) {
            fileName = value;
            return this;
        }

        public Builder sizeBytes(Long value) {
            sizeBytes = value;
            return this;
        }

        public Builder sha256(String value) {
            sha256 = value;
            return this;
        }

        public Builder downtimeMs(Long value) {
            downtimeMs = value;
            return this;
        }

        public Builder durationMs(Long value) {
            durationMs = value;
            return this;
        }

        public Builder mysqlRunning(Boolean value) {
            mysqlRunning = value;
            return this;
        }

        public Builder result(String value) {
            result = value;
            return this;
        }

        public BackupEvent build() {
            return new BackupEvent(type, time, side, host, client, configuration, backupId, transferId, step, status,
                    reason, fileName, sizeBytes, sha256, downtimeMs, durationMs, mysqlRunning, result);
        }
    }
}
