package org.mysqlbackup.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of an event: the documented fields, in order, nothing that does not apply. */
class EventJsonTest {
    private static final Instant AT = Instant.parse("2026-12-07T23:40:01.123456Z");

    @Test
    void aStoredTransferHasTheDocumentedFieldsInOrder() throws Exception {
        String json = new EventJson().toJson(BackupEvent.of(EventType.TRANSFER_STORED, "server", AT).host("vault")
                .client("db1").configuration("shop").backupId(42L).transferId("t-1").status("Completed")
                .fileName("db1/db1_shop_20261207.zip").sizeBytes(1234L).sha256("ab12").build());

        assertThat(json).doesNotContain("\n");
        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(names(node)).containsExactly("schema", "event", "time", "side", "host", "client", "configuration",
                "backupId", "transferId", "status", "fileName", "sizeBytes", "sha256");
        assertThat(node.get("schema").asInt()).isEqualTo(1);
        assertThat(node.get("event").asText()).isEqualTo("transfer.stored");
        assertThat(node.get("time").asText()).as("ISO-8601 UTC, milliseconds").isEqualTo("2026-12-07T23:40:01.123Z");
        assertThat(node.get("side").asText()).isEqualTo("server");
        assertThat(node.get("backupId").isNumber()).isTrue();
        assertThat(node.get("sizeBytes").asLong()).isEqualTo(1234L);
    }

    @Test
    void aFailureCarriesItsStepReasonAndWhetherMySqlRuns() throws Exception {
        String json = new EventJson().toJson(BackupEvent.of(EventType.BACKUP_FAILED, "client", AT).host("db1")
                .configuration("shop").backupId(7L).step("stop-mysql").status("Failed")
                .reason("MySQL could not be stopped").durationMs(900L).mysqlRunning(true).build());

        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.get("event").asText()).isEqualTo("backup.failed");
        assertThat(node.get("step").asText()).isEqualTo("stop-mysql");
        assertThat(node.get("reason").asText()).isEqualTo("MySQL could not be stopped");
        assertThat(node.get("mysqlRunning").asBoolean()).isTrue();
        assertThat(node.has("fileName")).as("fields that do not apply are left out").isFalse();
        assertThat(node.has("type")).isFalse();
    }

    @Test
    void everyTypeHasADottedLowerCaseName() {
        for (EventType type : EventType.values()) {
            assertThat(type.wireName()).matches("(backup|transfer|verify|drill)\\.[a-z]+");
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
