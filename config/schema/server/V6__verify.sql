-- Server database, version 6: verify (scrub). Each stored backup remembers when its file was last
-- re-read and what that found, so a scrub picks the least recently verified first and retention
-- never relies on a backup known to be damaged.

ALTER TABLE BackupLogs ADD COLUMN VerifiedAt TEXT;     -- when the stored file was last re-read; NULL: never
ALTER TABLE BackupLogs ADD COLUMN VerifyResult TEXT CHECK (VerifyResult IN ('intact', 'corrupt', 'missing'));
ALTER TABLE BackupLogs ADD COLUMN VerifyReason TEXT;   -- what was wrong (corrupt, missing); NULL when intact
