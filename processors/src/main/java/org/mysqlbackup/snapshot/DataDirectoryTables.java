package org.mysqlbackup.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables a data directory holds, read from its files rather than asked of the server: a
 * database is a folder, a table its {@code .frm} file (MariaDB, MySQL 5.x) or, where there are
 * none (MySQL 8 keeps definitions in its dictionary), its {@code .ibd}/{@code .MYD}/{@code .MAD}
 * file. Views ({@code .frm} starting {@code TYPE=VIEW}) are left out. Used to tell which tables
 * the backup account could not see: information_schema lists only the tables an account may read.
 */
public final class DataDirectoryTables {
    private static final Pattern ENCODED = Pattern.compile("@([0-9a-fA-F]{4})");
    private static final byte[] VIEW = "TYPE=VIEW".getBytes(StandardCharsets.US_ASCII);

    private DataDirectoryTables() {
    }

    /** {@code database.table} of every table, sorted; empty when the folder cannot be read. */
    public static Set<String> list(Path dataDirectory) {
        Set<String> tables = new TreeSet<>();
        try (DirectoryStream<Path> databases = Files.newDirectoryStream(dataDirectory, Files::isDirectory)) {
            for (Path database : databases) {
                String name = decode(database.getFileName().toString());
                if (name.startsWith("#") || name.equals("lost+found")
                        || TableChecksums.SYSTEM_DATABASES.contains(name.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                for (String table : tablesIn(database)) {
                    tables.add(name + "." + table);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
        return tables;
    }

    private static List<String> tablesIn(Path database) throws IOException {
        List<String> frm = new ArrayList<>();
        Set<String> data = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(database, Files::isRegularFile)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0) {
                    continue;
                }
                String base = decode(name.substring(0, dot));
                String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
                // temporary tables and partitions (#sql-..., t#P#p0) are not tables of their own
                if (base.startsWith("#sql") || base.contains("#P#") || base.contains("#p#")) {
                    continue;
                }
                if (extension.equals("frm")) {
                    if (!isView(file)) {
                        frm.add(base);
                    }
                } else if (extension.equals("ibd") || extension.equals("myd") || extension.equals("mad")) {
                    data.add(base);
                }
            }
        }
        return frm.isEmpty() ? new ArrayList<>(data) : frm;
    }

    private static boolean isView(Path frm) {
        try (InputStream in = Files.newInputStream(frm)) {
            byte[] start = in.readNBytes(VIEW.length);
            return java.util.Arrays.equals(start, VIEW);
        } catch (IOException e) {
            return false;
        }
    }

    /** MySQL's file-name encoding of a name: {@code @002d} for {@code -}, and so on. */
    static String decode(String fileName) {
        Matcher m = ENCODED.matcher(fileName);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    new String(Character.toChars(Integer.parseInt(m.group(1), 16)))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
