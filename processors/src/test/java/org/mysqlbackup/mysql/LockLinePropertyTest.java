package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mysqlbackup.mysql.DataDirectoryUsage.LockLine;

/**
 * Any line of {@code /proc/locks} the kernel can print for a held lock parses to its pid, device
 * and inode, whatever the lock's kind, padding and range; a waiting lock, a truncated line or a
 * field that is not a number is skipped; and no input at all makes the parser throw.
 */
class LockLinePropertyTest {

    /** A held lock and the text of its line. */
    record Printed(LockLine lock, String line) {
    }

    @Property(tries = 300, seed = "1311768467463790320")
    void aPrintedLockParsesBackToItself(@ForAll("heldLocks") Printed printed) {
        assertThat(LockLine.parse(printed.line())).as(printed.line()).contains(printed.lock());
    }

    @Property(tries = 200, seed = "3141592653589793238")
    void aWaitingLockIsSkipped(@ForAll("heldLocks") Printed printed, @ForAll("waitingMarks") String mark) {
        String line = printed.line();
        int afterId = line.indexOf(':') + 1;
        String waiting = line.substring(0, afterId) + mark + line.substring(afterId);

        assertThat(LockLine.parse(waiting)).as(waiting).isEmpty();
    }

    @Property(tries = 200, seed = "2718281828459045235")
    void aTruncatedLineIsSkipped(@ForAll("heldLocks") Printed printed, @ForAll("fieldCounts") int keep) {
        List<String> fields = List.of(printed.line().trim().split("\\s+"));
        String truncated = String.join(" ", fields.subList(0, Math.min(keep, fields.size())));

        assertThat(LockLine.parse(truncated)).as(truncated).isEmpty();
    }

    @Property(tries = 300, seed = "1618033988749894848")
    void aFieldThatIsNotItsKindOfNumberIsSkipped(@ForAll("heldLocks") Printed printed, @ForAll("breakages") Breakage breakage) {
        String broken = breakage.apply(printed.lock());

        assertThat(LockLine.parse(broken)).as(broken).isEmpty();
    }

    @Property(tries = 500, seed = "6180339887498948482")
    void noInputMakesTheParserThrow(@ForAll("anyLines") String line) {
        assertThat(LockLine.parse(line)).isNotNull();
    }

    @Provide
    Arbitrary<Printed> heldLocks() {
        Arbitrary<LockLine> locks = Combinators.combine(
                Arbitraries.longs().between(1, 4_194_304),
                Arbitraries.longs().between(0, 4095),
                Arbitraries.longs().between(0, 1_048_575),
                Arbitraries.longs().between(0, Long.MAX_VALUE)).as(LockLine::new);
        Arbitrary<String> kinds = Arbitraries.of("POSIX  ADVISORY  WRITE", "POSIX  ADVISORY  READ ", "FLOCK  ADVISORY  WRITE",
                "OFDLCK ADVISORY  READ ", "LEASE  ACTIVE    READ ", "LEASE  BREAKING  UNLCK", "DELEG  ACTIVE    READ ",
                "ACCESS ADVISORY  WRITE");
        Arbitrary<String> ranges = Arbitraries.of("0 EOF", "128 128", "1073741826 1073742335", "0 0");
        Arbitrary<Integer> ids = Arbitraries.integers().between(1, 99_999);
        Arbitrary<Boolean> upperCase = Arbitraries.of(false, true);
        Arbitrary<String> gaps = Arbitraries.of(" ", "  ", "\t");
        return Combinators.combine(locks, kinds, ranges, ids, upperCase, gaps).as((lock, kind, range, id, upper, gap) -> {
            // the kernel prints %02x:%02x; hex of either case is still the same number
            String device = String.format(upper ? "%02X:%02X" : "%02x:%02x", lock.major(), lock.minor());
            String line = id + ":" + gap + kind + gap + lock.pid() + " " + device + ":" + Long.toUnsignedString(lock.inode())
                    + " " + range;
            return new Printed(lock, line);
        });
    }

    @Provide
    Arbitrary<String> waitingMarks() {
        return Arbitraries.of(" -> ", "  -> ", "   -> ", " ->");
    }

    @Provide
    Arbitrary<Integer> fieldCounts() {
        return Arbitraries.integers().between(0, 5);
    }

    /** Replaces one numeric field of a well-formed line with something that is not its kind of number. */
    record Breakage(String field, String replacement) {
        String apply(LockLine lock) {
            String pid = Long.toString(lock.pid());
            String major = Long.toHexString(lock.major());
            String minor = Long.toHexString(lock.minor());
            String inode = Long.toString(lock.inode());
            switch (field) {
                case "pid" -> pid = replacement;
                case "major" -> major = replacement;
                case "minor" -> minor = replacement;
                case "inode" -> inode = replacement;
                case "device" -> {
                    return "1: POSIX  ADVISORY  WRITE " + pid + " " + replacement + " 0 EOF";
                }
                default -> throw new IllegalArgumentException(field);
            }
            return "1: POSIX  ADVISORY  WRITE " + pid + " " + major + ":" + minor + ":" + inode + " 0 EOF";
        }
    }

    @Provide
    Arbitrary<Breakage> breakages() {
        Arbitrary<String> notDecimal = Arbitraries.of("", "x", "12a", "1.5", "0x10", "99999999999999999999", "-");
        Arbitrary<String> notHex = Arbitraries.of("", "g", "0g", "fe.0", "0x", "zz", "fffffffffffffffff");
        Arbitrary<String> notADevice = Arbitraries.of("<none>:0", "08:01", "08:01:12:34", "080112345", "08-01-12345", "::");
        return Arbitraries.oneOf(
                notDecimal.map(v -> new Breakage("pid", v)),
                notHex.map(v -> new Breakage("major", v)),
                notHex.map(v -> new Breakage("minor", v)),
                notDecimal.map(v -> new Breakage("inode", v)),
                notADevice.map(v -> new Breakage("device", v)));
    }

    @Provide
    Arbitrary<String> anyLines() {
        Arbitrary<String> noise = Arbitraries.strings().withChars(" \t:->0123456789abcdefxEOFPSIX<>*\u0000\u00e9")
                .ofMaxLength(80);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(60);
        return Arbitraries.oneOf(noise, unicode, heldLocks().map(Printed::line).map(l -> l.substring(0, l.length() / 2)));
    }
}
