-- Client database, version 8: which process runs a backup, and where its work files are, so a
-- backup whose process died (SIGKILL, OOM killer, a crash, a reboot) is recognised as such and
-- closed: recorded Failed with the step it died in, its partial files removed.

ALTER TABLE BackupLogs ADD COLUMN OwnerPid INTEGER;        -- pid of the process running the backup
ALTER TABLE BackupLogs ADD COLUMN OwnerStartedAt TEXT;     -- when that process started (pids are reused)
ALTER TABLE BackupLogs ADD COLUMN WorkPrefix TEXT;         -- <work-dir>/<name>: the backup's <name>.zip and <name>.copy/
