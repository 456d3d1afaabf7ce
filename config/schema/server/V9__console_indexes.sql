-- Server database, version 9: indexes for the console's dashboard, which asks per client and
-- configuration for its newest transfer and whether one is open now. Without them each question
-- reads the whole history (0.7 s with 100,000 rows); with them it is a seek.

CREATE INDEX BackupLogs_ClientConfig ON BackupLogs (ClientId, ConfigName);
CREATE INDEX BackupLogs_Open ON BackupLogs (ClientId, ConfigName) WHERE Status IN ('Transferring', 'Verifying');
