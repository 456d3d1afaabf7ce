package org.mysqlbackup.restore;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;

/**
 * The owner and group a restored data directory is given, so that the MySQL server (which runs
 * as its own user, {@code mysql} on most systems) can read and write it: {@code --owner
 * mysql:mysql} or {@code restore.owner}. Only root may give files away; {@link #problem} says
 * so before anything is fetched or unpacked.
 *
 * @param user  user name
 * @param group group name
 */
public record Ownership(String user, String group) {

    /**
     * {@code user:group}, or {@code user} for a group of the same name; empty or {@code none}: keep
     * the owner of the restoring process (null).
     */
    public static Ownership parse(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("none")) {
            return null;
        }
        String[] parts = spec.strip().split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw new IllegalArgumentException("owner '" + spec + "' is not user:group (e.g. mysql:mysql)");
        }
        return new Ownership(parts[0], parts.length == 2 ? parts[1] : parts[0]);
    }

    /** Why the files cannot be given to this owner from this process, or empty when they can. */
    public Optional<String> problem(Path near) {
        UserPrincipalLookupService lookup = near.getFileSystem().getUserPrincipalLookupService();
        try {
            lookup.lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            return Optional.of("user '" + user + "' does not exist on this host (is MySQL installed? set --owner or"
                    + " restore.owner to the user MySQL runs as)");
        } catch (IOException e) {
            return Optional.of("cannot look up user '" + user + "': " + e.getMessage());
        }
        try {
            lookup.lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            return Optional.of("group '" + group + "' does not exist on this host");
        } catch (IOException e) {
            return Optional.of("cannot look up group '" + group + "': " + e.getMessage());
        }
        String me = System.getProperty("user.name");
        if (!isRoot() && !(user.equals(me))) {
            return Optional.of("this process runs as '" + me + "', not root, so it cannot give files to '" + user
                    + "'; run the restore as root, or afterwards: chown -R " + this + " <target>");
        }
        return Optional.empty();
    }

    /** Gives {@code root} and everything under it to this owner; links are changed, never followed. */
    public void apply(Path root) throws IOException {
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal groupPrincipal = lookup.lookupPrincipalByGroupName(group);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                give(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                give(file);
                return FileVisitResult.CONTINUE;
            }

            private void give(Path path) throws IOException {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                view.setOwner(owner);
                view.setGroup(groupPrincipal);
            }
        });
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    @Override
    public String toString() {
        return user + ":" + group;
    }
}
