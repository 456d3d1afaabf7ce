package org.mysqlbackup.ui;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.mysqlbackup.db.Sql;
import org.mysqlbackup.db.Times;

/**
 * The console's users in the side's own database ({@code ConsoleUsers}): names and Argon2id
 * hashes, created and removed with the {@code ui-user} command. Checking a login lives here too, so
 * the CLI and the console agree on what a valid password is.
 */
public class ConsoleUsers {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** Shorter passwords are refused: the hash slows guessing, it cannot save a four-letter word. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final Sql sql;
    private final PasswordHasher hasher;
    private final Clock clock;

    public ConsoleUsers(DataSource db, PasswordHasher hasher, Clock clock) {
        this.sql = new Sql(db, "console users");
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Adds {@code name}, or replaces its password when {@code replace} is set. */
    public void save(String name, char[] password, boolean replace) {
        requireName(name);
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the password is " + password.length + " characters long; at least "
                    + MIN_PASSWORD_LENGTH + " are needed");
        }
        boolean exists = exists(name);
        if (exists && !replace) {
            throw new IllegalArgumentException("console user " + name + " exists already (use --replace to set a new"
                    + " password)");
        }
        String hash = hasher.hash(password);
        if (exists) {
            sql.update("UPDATE ConsoleUsers SET PasswordHash = ? WHERE UserName = ?", hash, name);
        } else {
            sql.update("INSERT INTO ConsoleUsers (UserName, PasswordHash, CreatedAt) VALUES (?, ?, ?)", name, hash,
                    Times.format(clock.instant()));
        }
    }

    /** @return whether a user was removed */
    public boolean remove(String name) {
        return sql.update("DELETE FROM ConsoleUsers WHERE UserName = ?", name) > 0;
    }

    /** Names with their creation and last login times, never the hashes. */
    public List<User> list() {
        return sql.query("SELECT UserName, CreatedAt, LastLoginAt FROM ConsoleUsers ORDER BY UserName",
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    public boolean exists(String name) {
        return sql.count("SELECT COUNT(*) FROM ConsoleUsers WHERE UserName = ?", name) > 0;
    }

    /**
     * Checks a login; an unknown name costs the same time as a wrong password.
     *
     * @return the user's name when the password is right
     */
    public Optional<String> authenticate(String name, char[] password) {
        Optional<String> hash = name == null || !NAME.matcher(name).matches() ? Optional.empty()
                : sql.query("SELECT PasswordHash FROM ConsoleUsers WHERE UserName = ?", rs -> rs.getString(1), name)
                        .stream().findFirst();
        if (hash.isEmpty()) {
            hasher.spendCheckTime(password);
            return Optional.empty();
        }
        if (!hasher.matches(password, hash.get())) {
            return Optional.empty();
        }
        sql.update("UPDATE ConsoleUsers SET LastLoginAt = ? WHERE UserName = ?", Times.format(clock.instant()), name);
        return Optional.of(name);
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a console user name is 1 to 64 letters, digits or . _ @ -, not '"
                    + name + "'");
        }
    }

    /** A console user as listed: no hash. */
    public record User(String name, String createdAt, String lastLoginAt) {
    }
}
