-- Server database, version 2: the chunks of each open transfer, so a restarted server resumes
-- a transfer from its staging file instead of asking for every chunk again.

CREATE TABLE ReceivedChunks (
    TransferId TEXT NOT NULL,
    ChunkIndex INTEGER NOT NULL,
    ReceivedAt TEXT NOT NULL,
    PRIMARY KEY (TransferId, ChunkIndex)
) WITHOUT ROWID;

ALTER TABLE BackupLogs ADD COLUMN CreatedAtMs INTEGER;     -- snapshot time announced by the client (names the file)
ALTER TABLE BackupLogs ADD COLUMN UpdatedAt TEXT;          -- last chunk received
