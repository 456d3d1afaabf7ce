package org.mysqlbackup.fetch;

/** Told after every chunk written: bytes of the file on disk so far (resumed chunks included) and the file's size. */
public interface FetchProgress {
    void bytes(long done, long total);

    FetchProgress NONE = (d, t) -> { };
}
