-- Server database, version 3: retention. A stored backup deleted by retention keeps its row (the
-- history stays searchable) with when and why its file was deleted.

ALTER TABLE BackupLogs ADD COLUMN DeletedAt TEXT;          -- when retention deleted the stored file
ALTER TABLE BackupLogs ADD COLUMN DeletionReason TEXT;     -- the rule that let it go
CREATE INDEX BackupLogs_Stored ON BackupLogs (ClientId, ConfigName) WHERE Status = 'Completed' AND DeletedAt IS NULL;
