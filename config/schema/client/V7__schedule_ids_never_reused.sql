-- Client database, version 7: schedule ids are never given again. Without AUTOINCREMENT SQLite
-- may give a new schedule the id of a removed one, and a `schedule disable --id N` typed from
-- an old listing would then switch off another schedule. SQLite cannot add AUTOINCREMENT to a
-- table, so the table is made again with the same columns and rows.

CREATE TABLE ScheduleConfigurations_v7 (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    BackupConfigId INTEGER REFERENCES BackupConfigurations(Id),
    ScheduleType TEXT NOT NULL,
    ScheduleTime TEXT NOT NULL,
    IsEnabled BOOLEAN DEFAULT 1,
    DayOfWeek TEXT,
    DayOfMonth INTEGER,
    CronExpression TEXT,
    TimeZone TEXT NOT NULL DEFAULT 'UTC',
    MisfirePolicy TEXT,
    UpdatedAt TEXT
);
INSERT INTO ScheduleConfigurations_v7 (Id, BackupConfigId, ScheduleType, ScheduleTime, IsEnabled, DayOfWeek,
    DayOfMonth, CronExpression, TimeZone, MisfirePolicy, UpdatedAt)
SELECT Id, BackupConfigId, ScheduleType, ScheduleTime, IsEnabled, DayOfWeek, DayOfMonth, CronExpression, TimeZone,
    MisfirePolicy, UpdatedAt FROM ScheduleConfigurations;
DROP TABLE ScheduleConfigurations;
ALTER TABLE ScheduleConfigurations_v7 RENAME TO ScheduleConfigurations;
CREATE INDEX ScheduleConfigurations_BackupConfigId ON ScheduleConfigurations (BackupConfigId);
