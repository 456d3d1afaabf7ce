package org.mysqlbackup.config;

/** A configuration key is missing or has a value the application cannot use. */
public class InvalidSettingException extends IllegalArgumentException {
    private final String key;

    public InvalidSettingException(String key, String problem) {
        super("configuration key '" + key + "' " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
