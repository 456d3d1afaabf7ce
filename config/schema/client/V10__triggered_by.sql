-- Client database, version 10: what started a backup, so the history tells a scheduled run from
-- one a person asked for.

ALTER TABLE BackupLogs ADD COLUMN TriggeredBy TEXT;   -- 'schedule' (the daemon's timer) or 'manual' (backup-now, send, the console); NULL before version 10
