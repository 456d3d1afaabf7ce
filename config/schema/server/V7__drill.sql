-- Server database, version 7: restorability drills. The last drill of each stored backup: when,
-- how it ended and why, so `list` shows it and nobody has to trust an untested backup.

ALTER TABLE BackupLogs ADD COLUMN DrilledAt TEXT;      -- when the last drill ended (ISO-8601 UTC)
ALTER TABLE BackupLogs ADD COLUMN DrillResult TEXT;    -- passed | failed | could-not-boot
ALTER TABLE BackupLogs ADD COLUMN DrillReason TEXT;    -- which tables and why, or the server's error log tail
