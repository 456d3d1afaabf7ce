-- Client database, version 5: backup configurations managed with `backup-client config`.
-- Settings holds the configuration's own keys as a JSON object (secrets only as env:NAME or
-- enc:v1:..., never in clear text) and is what the backup runs with; the seed's columns
-- (MySQLConnectionString, DataDirectoryPath, ServiceName, TargetServerIP/Port) are written
-- beside it from the effective settings, for people and tools reading the table.
-- TargetDirectory and NamingStrategy say 'server': the server names and files backups
-- (storage.file-pattern, storage.directory-pattern in server.properties).

ALTER TABLE BackupConfigurations ADD COLUMN Settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE BackupConfigurations ADD COLUMN UpdatedAt TEXT;
