-- File receiver server database, version 1. One BackupLogs row per transfer a client opens.
-- Times are ISO-8601 UTC text. Never edit this file once released: add V2__... instead.

CREATE TABLE BackupLogs (
    Id INTEGER PRIMARY KEY,
    TransferId TEXT NOT NULL UNIQUE,    -- chosen by the client, also its resume token
    ClientId TEXT NOT NULL,             -- common name of the client certificate
    ConfigName TEXT NOT NULL,
    StartTime TEXT NOT NULL,
    EndTime TEXT,
    Status TEXT NOT NULL CHECK (Status IN ('Transferring', 'Verifying', 'Completed', 'Failed')),
    FileName TEXT,                      -- name given on the server
    FilePath TEXT,                      -- path relative to the storage root
    FileSize INTEGER NOT NULL,
    ChunkSize INTEGER NOT NULL,
    Sha256 TEXT NOT NULL,
    Md5 TEXT NOT NULL,
    ErrorMessage TEXT
);
CREATE INDEX BackupLogs_ClientStart ON BackupLogs (ClientId, StartTime);
