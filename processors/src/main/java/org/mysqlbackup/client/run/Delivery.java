package org.mysqlbackup.client.run;

/**
 * Where the file went: the transfer that carries it (its id is the resume token) and, once the
 * server verified and filed it, its name and path there.
 *
 * @param transferId  the transfer's id; null until one is opened
 * @param storedName  the file's name on the server, once stored
 * @param storedPath  its path relative to the server's storage root, once stored
 */
public record Delivery(String transferId, String storedName, String storedPath) {
    public static final Delivery NONE = new Delivery(null, null, null);

    public Delivery opened(String id) {
        return new Delivery(id, storedName, storedPath);
    }

    public Delivery stored(String name, String path) {
        return new Delivery(transferId, name, path);
    }

    public boolean isStored() {
        return storedPath != null;
    }
}
