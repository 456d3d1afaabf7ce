package org.mysqlbackup.configuration;

/** What is wrong with one field of a configuration: {@code field} is a settings key, or {@code name}. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
