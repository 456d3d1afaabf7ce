package org.mysqlbackup.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON of an event, one object on one line, in the field order README "Events" documents. */
public final class EventJson {
    private final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    public String toJson(BackupEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            // only strings, numbers and booleans: cannot happen
            throw new IllegalStateException("event not serializable: " + event.type(), e);
        }
    }
}
