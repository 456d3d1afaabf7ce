package org.mysqlbackup.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.mysqlbackup.configuration.FieldError;
import org.mysqlbackup.configuration.InvalidConfigurationException;
import org.mysqlbackup.schedule.InvalidScheduleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's error answers, declared once ({@code console-errors}): bad input is 400 with the
 * same message the CLI prints (per field for a configuration), a missing thing 404, a conflict
 * (a backup already running) 409, anything else 500 with no detail beyond "see the log", where
 * the whole error goes. A page never shows a stack trace.
 */
public class ConsoleErrorReply {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrorReply.class);

    public void reply(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message out = exchange.getMessage();
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        if (error instanceof InvalidConfigurationException invalid) {
            status = 400;
            body.put("error", invalid.getMessage());
            body.put("fields", fields(invalid.errors()));
        } else if (error instanceof IllegalArgumentException || error instanceof InvalidScheduleException) {
            status = 400;
            body.put("error", error.getMessage());
        } else if (error instanceof NoSuchElementException) {
            status = 404;
            body.put("error", error.getMessage());
        } else if (error instanceof IllegalStateException) {
            status = 409;
            body.put("error", error.getMessage());
        } else {
            status = 500;
            body.put("error", "internal error: see the log");
            LOG.error("Console request {} {} failed", out.getHeader(Exchange.HTTP_METHOD),
                    out.getHeader(Exchange.HTTP_PATH), error);
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(body);
    }

    private static List<Map<String, String>> fields(List<FieldError> errors) {
        return errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList();
    }
}
