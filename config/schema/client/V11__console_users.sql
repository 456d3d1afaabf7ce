-- Client database, version 11: the people who may log in to the web console. Only an Argon2id
-- hash of each password (PHC string format) is kept; the console never shows it.

CREATE TABLE ConsoleUsers (
    UserName      TEXT PRIMARY KEY,   -- the login name
    PasswordHash  TEXT NOT NULL,      -- $argon2id$v=19$m=...,t=...,p=...$salt$hash
    CreatedAt     TEXT NOT NULL,      -- ISO-8601 UTC
    LastLoginAt   TEXT                -- ISO-8601 UTC of the last successful login, or NULL
);
