package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqlbackup.mysql.DataDirectoryUsage.FileKey;
import org.mysqlbackup.mysql.DataDirectoryUsage.LockLine;

/**
 * {@code /proc/locks} lines as the kernel prints them ({@code fs/locks.c}, {@code lock_get_status}):
 * device numbers in hexadecimal, the inode in decimal, a waiting lock marked {@code ->}. The last test
 * reads the real file while another process holds a lock and a third waits for it.
 */
class LockLineTest {
    @TempDir
    Path dir;

    private ChildProcesses children;

    @AfterEach
    void killChildren() {
        if (children != null) {
            children.close();
        }
    }

    @Test
    void aPosixLockGivesItsPidDeviceAndInode() {
        assertThat(LockLine.parse("1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 0 EOF"))
                .contains(new LockLine(4242, 8, 1, 1234567));
    }

    @Test
    void deviceNumbersAreHexadecimal() {
        // an NVMe disk: major 259 is printed as 103; minor 26 as 1a
        assertThat(LockLine.parse("12: POSIX  ADVISORY  READ 77 103:1a:98765 128 128"))
                .contains(new LockLine(77, 259, 26, 98765));
        assertThat(LockLine.parse("3: POSIX  ADVISORY  WRITE 15975 fe:00:5431342 1073741826 1073742335"))
                .contains(new LockLine(15975, 254, 0, 5431342));
        // the largest device numbers Linux has: 12 bits of major, 20 of minor
        assertThat(LockLine.parse("4: POSIX  ADVISORY  WRITE 1 fff:fffff:1 0 EOF"))
                .contains(new LockLine(1, 4095, 1048575, 1));
    }

    @Test
    void theInodeIsDecimalNotHexadecimal() {
        assertThat(LockLine.parse("1: POSIX  ADVISORY  WRITE 4242 08:01:10 0 EOF")).map(LockLine::inode).contains(10L);
        assertThat(LockLine.parse("1: POSIX  ADVISORY  WRITE 4242 08:01:1a 0 EOF")).isEmpty();
    }

    @Test
    void otherKindsOfLockParseAlike() {
        assertThat(LockLine.parse("2: FLOCK  ADVISORY  WRITE 900 00:1b:42 0 EOF")).contains(new LockLine(900, 0, 27, 42));
        assertThat(LockLine.parse("5: LEASE  ACTIVE    READ  901 fe:00:43 0 EOF")).contains(new LockLine(901, 254, 0, 43));
        // an open file description lock belongs to no process: the kernel prints -1
        assertThat(LockLine.parse("6: OFDLCK ADVISORY  WRITE -1 fe:00:44 0 EOF")).contains(new LockLine(-1, 254, 0, 44));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(LockLine.parse("  7:\tPOSIX  ADVISORY  WRITE   4242   08:01:99 0 EOF\n"))
                .contains(new LockLine(4242, 8, 1, 99));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1: -> POSIX  ADVISORY  WRITE 4244 08:01:1234567 0 EOF",
            "1:  -> POSIX  ADVISORY  WRITE 4245 08:01:1234567 0 EOF",
            "1: ->POSIX  ADVISORY  WRITE 4246 08:01:1234567 0 EOF"})
    void aWaitingLockIsNotAHolder(String line) {
        assertThat(LockLine.parse(line)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "1: POSIX  ADVISORY  WRITE 4242",
            "1: POSIX  ADVISORY  WRITE 4242 <none>:0 0 EOF",  // a lock without an inode
            "1: POSIX  ADVISORY  WRITE 4242 08:01 0 EOF",
            "1: POSIX  ADVISORY  WRITE 4242 08:01:12:34 0 EOF",
            "1: POSIX  ADVISORY  WRITE 4242 0g:01:1234567 0 EOF",
            "1: POSIX  ADVISORY  WRITE 4242 08::1234567 0 EOF",
            "1: POSIX  ADVISORY  WRITE pid 08:01:1234567 0 EOF",
            "1: POSIX  ADVISORY  WRITE 4242 08:01:99999999999999999999 0 EOF",
            "1: POSIX  *NOINODE* WRITE 4242 <none>:0 0 EOF"})
    void aLineThatIsNotAHeldLockIsSkipped(String line) {
        assertThat(LockLine.parse(line)).isEmpty();
    }

    @Test
    void theRangeIsNotRead() {
        assertThat(LockLine.parse("1: POSIX  ADVISORY  WRITE 4242 08:01:1234567")).contains(new LockLine(4242, 8, 1, 1234567));
    }

    @Test
    void theRealProcLocksNamesTheHolderAndMarksTheWaiter() throws IOException {
        children = new ChildProcesses(dir);
        Path file = Files.writeString(dir.resolve("ibdata1"), "x");
        FileKey key = FileKey.of(file).orElseThrow();
        Process holder = children.holdingLock(file);
        Process waiter = children.waitingForLock(file);

        List<String> lines = ChildProcesses.locks().stream()
                .filter(l -> l.contains(":" + key.inode() + " ")).toList();
        List<LockLine> held = lines.stream().map(LockLine::parse).flatMap(Optional::stream).toList();

        assertThat(lines).as("the holder's line and the waiter's").hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("->").contains(" " + waiter.pid() + " "));
        assertThat(held).containsExactly(new LockLine(holder.pid(), key.major(), key.minor(), key.inode()));
        assertThat(key.matches(held.get(0))).isTrue();
    }
}
