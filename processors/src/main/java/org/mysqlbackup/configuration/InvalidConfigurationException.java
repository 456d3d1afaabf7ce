package org.mysqlbackup.configuration;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration was refused: every invalid field with its own message. Nothing was stored. */
public class InvalidConfigurationException extends IllegalArgumentException {
    private final String configuration;
    private final List<FieldError> errors;

    public InvalidConfigurationException(String configuration, List<FieldError> errors) {
        super("configuration '" + configuration + "' is invalid: "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.configuration = configuration;
        this.errors = List.copyOf(errors);
    }

    public String configuration() {
        return configuration;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
