-- Client database, version 6: schedules beyond the seed's Daily/Weekly/Monthly at a time.
-- ScheduleType is 'Daily', 'Weekly', 'Monthly' or 'Cron'; ScheduleTime is HH:mm ('' for Cron).

ALTER TABLE ScheduleConfigurations ADD COLUMN DayOfWeek TEXT;       -- MON..SUN, Weekly only
ALTER TABLE ScheduleConfigurations ADD COLUMN DayOfMonth INTEGER;   -- 1..31, Monthly only
ALTER TABLE ScheduleConfigurations ADD COLUMN CronExpression TEXT;  -- Quartz cron, Cron only
ALTER TABLE ScheduleConfigurations ADD COLUMN TimeZone TEXT NOT NULL DEFAULT 'UTC'; -- region id, e.g. Europe/Oslo
ALTER TABLE ScheduleConfigurations ADD COLUMN MisfirePolicy TEXT;   -- skip | run-once; NULL: schedule.misfire
ALTER TABLE ScheduleConfigurations ADD COLUMN UpdatedAt TEXT;       -- last change, ISO-8601 UTC
CREATE INDEX ScheduleConfigurations_BackupConfigId ON ScheduleConfigurations (BackupConfigId);
