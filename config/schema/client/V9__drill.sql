-- Client database, version 9: restorability drills run by this client (backup-client drill), each
-- linked to the local history row of the drilled backup, found by the backup's SHA-256 (or id),
-- so `history` shows whether a backup was proven to restore.

CREATE TABLE DrillResults (
    Id INTEGER PRIMARY KEY,
    BackupLogId INTEGER REFERENCES BackupLogs(Id) ON DELETE CASCADE,  -- NULL: a file this client has no history of
    ServerBackupId INTEGER,             -- the backup's id on the server; NULL for a drill of a local file (--file)
    Sha256 TEXT,                        -- SHA-256 of the drilled zip, hex
    ConfigName TEXT,
    Source TEXT NOT NULL,               -- server | file
    DrilledAt TEXT NOT NULL,            -- when the drill ended (ISO-8601 UTC)
    Result TEXT NOT NULL,               -- passed | failed | could-not-boot
    Reason TEXT NOT NULL,               -- which tables and why, or the server's error log tail
    FetchMs INTEGER, UnpackMs INTEGER, BootMs INTEGER, ChecksMs INTEGER
);

CREATE INDEX DrillResultsByBackup ON DrillResults (BackupLogId, Id);
