package org.mysqlbackup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.config.InvalidSettingException;

/** events.uris is checked at start-up: a component not in the jar would fail every event. */
class EventSettingsTest {
    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() {
        context.stop();
    }

    @Test
    void componentsInTheJarAreAccepted() {
        EventSettings.requireComponents(context, "file:/tmp/x, seda:a,log:events?level=INFO,class:java.lang.Object");
    }

    @Test
    void aMissingComponentNamesTheKeyAndTheFix() {
        assertThatThrownBy(() -> EventSettings.requireComponents(context, "seda:a,kafka:backups"))
                .isInstanceOf(InvalidSettingException.class)
                .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo("events.uris"))
                .hasMessageContaining("kafka:backups").hasMessageContaining("camel-kafka");
    }

    @Test
    void aUriWithoutSchemeIsRefused() {
        assertThatThrownBy(() -> EventSettings.requireComponents(context, "backups"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("scheme:path");
    }
}
