package org.mysqlbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnershipTest {
    @TempDir
    Path temp;

    @Test
    void parsesUserAndGroupOrNothing() {
        assertThat(Ownership.parse("mysql:mysql")).isEqualTo(new Ownership("mysql", "mysql"));
        assertThat(Ownership.parse("mysql")).isEqualTo(new Ownership("mysql", "mysql"));
        assertThat(Ownership.parse(" none ")).isNull();
        assertThat(Ownership.parse("")).isNull();
        assertThatThrownBy(() -> Ownership.parse("a:b:c")).hasMessageContaining("is not user:group");
        assertThatThrownBy(() -> Ownership.parse("mysql:")).hasMessageContaining("is not user:group");
    }

    @Test
    void anOwnerThatDoesNotExistIsToldBeforeAnythingIsDone() {
        assertThat(new Ownership("no-such-user-4711", "no-such-user-4711").problem(temp))
                .hasValueSatisfying(why -> assertThat(why).contains("user 'no-such-user-4711' does not exist"));
    }

    @Test
    void givesTheTreeToTheOwnerTheRestoringUserMayGive() throws Exception {
        String me = System.getProperty("user.name");
        String myGroup = Files.readAttributes(temp, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
        Ownership mine = new Ownership(me, myGroup);
        assertThat(mine.problem(temp)).isEmpty();
        Path tree = Files.createDirectories(temp.resolve("data/shop"));
        Files.writeString(tree.resolve("t.ibd"), "rows");
        mine.apply(temp.resolve("data"));
        assertThat(Files.getOwner(tree.resolve("t.ibd")).getName()).isEqualTo(me);
    }
}
