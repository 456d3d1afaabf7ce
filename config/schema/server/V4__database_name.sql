-- Server database, version 4: the MySQL instance a backup is of, as its client names it
-- (mysql.instance-name), for the {database} token of the naming patterns.

ALTER TABLE BackupLogs ADD COLUMN DatabaseName TEXT;   -- NULL from clients that do not send it
