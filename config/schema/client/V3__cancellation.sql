-- Client database, version 3: a cancel request, written by `backup-client cancel` (or the UI)
-- and picked up by the process running the backup within a second.

ALTER TABLE BackupLogs ADD COLUMN CancelRequested TEXT;   -- why and by whom; NULL if not cancelled
