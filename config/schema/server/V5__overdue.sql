-- Server database, version 5: overdue backups (dead man's switch). The server knows per client
-- and configuration how long the gap between two Completed backups may be, and remembers which
-- configurations it has alerted as overdue, so a restart neither repeats nor forgets an alert.

CREATE TABLE ExpectedBackups (
    ClientId TEXT NOT NULL,             -- common name of the client certificate
    ConfigName TEXT NOT NULL,
    IntervalMs INTEGER NOT NULL CHECK (IntervalMs > 0),  -- longest gap between the configuration's scheduled runs, as its client last sent it
    UpdatedAt TEXT NOT NULL,
    PRIMARY KEY (ClientId, ConfigName)
);

CREATE TABLE OverdueStates (
    ClientId TEXT NOT NULL,
    ConfigName TEXT NOT NULL,
    WatchedSince TEXT NOT NULL,         -- first check that knew the expectation: the start of the clock when no backup completed yet
    OverdueSince TEXT,                  -- when the next backup was due, set once the OVERDUE alert went out; NULL: on time
    PRIMARY KEY (ClientId, ConfigName)
);
