package org.mysqlbackup.protocol;

import java.util.regex.Pattern;

/**
 * The rule for client identifiers. A client id is the common name of the client's certificate
 * and the name of its folder on the server, so it must be a safe single path segment.
 */
public final class ClientId {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    public static final String RULE = "1 to 64 characters of A-Z a-z 0-9 . _ -, not starting with '.' or '-'";

    private ClientId() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** @throws IllegalArgumentException naming the rule if {@code id} breaks it */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("client id '" + id + "' is invalid: " + RULE);
        }
        return id;
    }
}
