-- Client database, version 2: what a transfer needs to resume after the client was stopped
-- or killed, and its progress for the status command.

ALTER TABLE BackupLogs ADD COLUMN LocalFile TEXT;          -- the zip on this host while it may still be sent
ALTER TABLE BackupLogs ADD COLUMN Md5 TEXT;                -- MD5 of the zip, hex
ALTER TABLE BackupLogs ADD COLUMN ChunkSize INTEGER;       -- chunk size the transfer was opened with
ALTER TABLE BackupLogs ADD COLUMN BytesTransferred INTEGER; -- bytes the server has confirmed
ALTER TABLE BackupLogs ADD COLUMN TransferRate INTEGER;    -- bytes per second, last measured
ALTER TABLE BackupLogs ADD COLUMN UpdatedAt TEXT;          -- last progress update
CREATE INDEX BackupLogs_ResumeToken ON BackupLogs (ResumeToken);
