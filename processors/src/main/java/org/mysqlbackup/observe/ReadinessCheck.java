package org.mysqlbackup.observe;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check of group {@code mysql-backup} in {@code /observe/health}: DOWN, with the
 * reason as its message, while {@link #problem()} names one. Liveness stays Camel's own (a side
 * whose database or disk is away is alive, only not ready).
 */
public abstract class ReadinessCheck extends AbstractHealthCheck {
    protected ReadinessCheck(String id) {
        super("mysql-backup", id);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected final void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem;
        try {
            problem = problem();
        } catch (RuntimeException e) {
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem).down();
        }
    }

    /** What keeps this side from doing its work, or null when nothing does. */
    protected abstract String problem();
}
