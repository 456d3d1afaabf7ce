package org.mysqlbackup.observe;

import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

/**
 * Ready while the route holding the TLS listener (its netty consumer) is started. The check
 * asks Camel, not the port: a probe connection would count as a refused handshake.
 */
public final class ListenerReadiness extends ReadinessCheck {
    private final String routeId;
    private final String listener;

    /** @param listener how the operator knows it, e.g. {@code the TLS listener on 0.0.0.0:9443} */
    public ListenerReadiness(String routeId, String listener) {
        super("listener");
        this.routeId = routeId;
        this.listener = listener;
    }

    @Override
    protected String problem() {
        Route route = getCamelContext().getRoute(routeId);
        if (route == null) {
            return listener + " is not there: route " + routeId + " is not loaded";
        }
        ServiceStatus status = getCamelContext().getRouteController().getRouteStatus(routeId);
        if (status == null || !status.isStarted()) {
            return listener + " is not listening: route " + routeId + " is " + status;
        }
        if (route.getConsumer() instanceof org.apache.camel.support.service.ServiceSupport consumer
                && !consumer.isStarted()) {
            return listener + " is not listening: its consumer is " + consumer.getStatus();
        }
        return null;
    }
}
