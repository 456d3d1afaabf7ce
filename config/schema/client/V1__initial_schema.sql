-- Client database, version 1. Tables and status values follow the seed design; columns
-- beyond the seed are marked. Times are ISO-8601 UTC text (SQLite has no DATETIME type).
-- Never edit this file once released: add V2__... instead (the app refuses edited migrations).

CREATE TABLE BackupConfigurations (
    Id INTEGER PRIMARY KEY,
    Name TEXT NOT NULL UNIQUE,
    MySQLConnectionString TEXT NOT NULL,
    DataDirectoryPath TEXT NOT NULL,
    ServiceName TEXT NOT NULL,
    TargetServerIP TEXT NOT NULL,
    TargetServerPort INTEGER NOT NULL,
    TargetDirectory TEXT NOT NULL,
    NamingStrategy TEXT NOT NULL,
    IsActive BOOLEAN DEFAULT 1,
    CreatedAt DATETIME DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE ScheduleConfigurations (
    Id INTEGER PRIMARY KEY,
    BackupConfigId INTEGER REFERENCES BackupConfigurations(Id),
    ScheduleType TEXT NOT NULL,
    ScheduleTime TEXT NOT NULL,
    IsEnabled BOOLEAN DEFAULT 1
);

CREATE TABLE BackupLogs (
    Id INTEGER PRIMARY KEY,
    BackupConfigId INTEGER REFERENCES BackupConfigurations(Id),
    StartTime TEXT NOT NULL,
    EndTime TEXT,
    Status TEXT NOT NULL CHECK (Status IN ('Queued', 'StoppingMySQL', 'Compressing', 'Transferring',
        'StartingMySQL', 'Verifying', 'Completed', 'Failed', 'Cancelled')),
    FilePath TEXT,
    FileSize INTEGER,
    ErrorMessage TEXT,
    ResumeToken TEXT,
    -- beyond the seed:
    ConfigName TEXT NOT NULL,           -- configuration name, kept even if the configuration is removed
    Step TEXT,                          -- workflow step running now, or the one that failed
    FileName TEXT,                      -- name the server stored the file under
    Sha256 TEXT,                        -- SHA-256 of the zip, hex
    DowntimeMs INTEGER,                 -- from the stop command to MySQL answering again
    DurationMs INTEGER,                 -- whole backup, start to end
    MySqlRunningAfter BOOLEAN           -- 1 if MySQL answered at the end, 0 if it did not come back
);
CREATE INDEX BackupLogs_StartTime ON BackupLogs (StartTime);
CREATE INDEX BackupLogs_Status ON BackupLogs (Status);

CREATE TABLE TransferLogs (
    Id INTEGER PRIMARY KEY,
    BackupLogId INTEGER REFERENCES BackupLogs(Id) ON DELETE CASCADE,
    ChunkIndex INTEGER NOT NULL,
    ChunkSize INTEGER NOT NULL,
    TransferTime TEXT NOT NULL,
    Status TEXT NOT NULL
);
CREATE INDEX TransferLogs_BackupLogId ON TransferLogs (BackupLogId, ChunkIndex);
