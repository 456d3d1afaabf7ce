package org.mysqlbackup.alert;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/** A started CamelContext with a template, the way the apps hand one to the alert channels. */
final class CamelFixture implements AutoCloseable {
    private final CamelContext context = new DefaultCamelContext();
    private final ProducerTemplate template;

    CamelFixture() {
        context.start();
        template = context.createProducerTemplate();
    }

    CamelContext context() {
        return context;
    }

    ProducerTemplate template() {
        return template;
    }

    @Override
    public void close() {
        context.stop();
    }
}
