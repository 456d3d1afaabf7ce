-- Client database, version 4: how the data directory was captured while MySQL was down.

ALTER TABLE BackupLogs ADD COLUMN SnapshotMethod TEXT;   -- zip, copy or reflink (what ran: a reflink that fell back says copy)
