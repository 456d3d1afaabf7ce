package org.mysqlbackup.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The index of the certificates {@code backup-server certs} issued, one tab-separated line each:
 * serial (hex), kind ({@code server} or {@code client}), name (client id or server name),
 * not-after (ISO-8601 UTC), revoked-at ({@code -} while not revoked). It lives beside the CA as
 * {@value #FILE_NAME}; it holds no secret. Revocation is per serial: a client id may have a
 * revoked certificate and a valid newer one.
 */
public final class IssuedCertificates {
    public static final String FILE_NAME = "issued.tsv";
    private static final String HEADER = "# serial\tkind\tname\tnot-after\trevoked-at";

    /** One issued certificate. */
    public record Entry(BigInteger serial, String kind, String name, Instant notAfter, Instant revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }

        /** {@code valid}, {@code revoked} or {@code expired} at {@code now}. */
        public String state(Instant now) {
            return revoked() ? "revoked" : notAfter.isBefore(now) ? "expired" : "valid";
        }

        Entry revokedAt(Instant when) {
            return new Entry(serial, kind, name, notAfter, when);
        }

        String line() {
            return serial.toString(16) + "\t" + kind + "\t" + name + "\t" + notAfter + "\t"
                    + (revokedAt == null ? "-" : revokedAt.toString());
        }

        static Entry parse(String line, Path file) throws IOException {
            String[] fields = line.split("\t", -1);
            if (fields.length != 5) {
                throw new IOException(file + ": malformed line '" + line + "'");
            }
            try {
                return new Entry(new BigInteger(fields[0], 16), fields[1], fields[2], Instant.parse(fields[3]),
                        fields[4].equals("-") ? null : Instant.parse(fields[4]));
            } catch (RuntimeException e) {
                throw new IOException(file + ": malformed line '" + line + "': " + e.getMessage(), e);
            }
        }
    }

    private final Path file;

    public IssuedCertificates(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Every entry, oldest first; none if the index does not exist yet. */
    public List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                entries.add(Entry.parse(line, file));
            }
        }
        return entries;
    }

    /** Adds an entry (its serial must be new). */
    public void add(Entry entry) throws IOException {
        List<Entry> entries = entries();
        if (entries.stream().anyMatch(e -> e.serial().equals(entry.serial()))) {
            return;
        }
        entries.add(entry);
        write(entries);
    }

    /**
     * Marks every not yet revoked certificate of client {@code clientId} revoked at {@code when}.
     *
     * @return the entries revoked now (empty if there was none to revoke)
     */
    public List<Entry> revokeClient(String clientId, Instant when) throws IOException {
        List<Entry> entries = entries();
        List<Entry> revoked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.kind().equals("client") && entry.name().equals(clientId) && !entry.revoked()) {
                entries.set(i, entry.revokedAt(when));
                revoked.add(entries.get(i));
            }
        }
        if (!revoked.isEmpty()) {
            write(entries);
        }
        return revoked;
    }

    /**
     * Marks the client certificate {@code serial} revoked at {@code when}.
     *
     * @return the entry revoked now, or none if it is unknown, no client's, or revoked already
     */
    public List<Entry> revokeSerial(BigInteger serial, Instant when) throws IOException {
        List<Entry> entries = entries();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.serial().equals(serial) && entry.kind().equals("client") && !entry.revoked()) {
                entries.set(i, entry.revokedAt(when));
                write(entries);
                return List.of(entries.get(i));
            }
        }
        return List.of();
    }

    private void write(List<Entry> entries) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        entries.forEach(e -> text.append(e.line()).append('\n'));
        AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
