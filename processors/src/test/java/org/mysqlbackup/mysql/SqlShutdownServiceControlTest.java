package org.mysqlbackup.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.mysql.SqlShutdownServiceControl.Answer;

/** What each answer to SHUTDOWN means; the real server's answers are exercised by SqlShutdownIT. */
class SqlShutdownServiceControlTest {

    @Test
    void aDroppedConnectionIsTheShutdownTakingEffect() {
        assertThat(SqlShutdownServiceControl.classify(new SQLNonTransientConnectionException(
                "(conn=7) unexpected end of stream, read 0 bytes from 4", "08000"))).isEqualTo(Answer.CONNECTION_CLOSED);
        assertThat(SqlShutdownServiceControl.classify(new SQLException("Socket error", "HY000", 0,
                new EOFException()))).isEqualTo(Answer.CONNECTION_CLOSED);
        assertThat(SqlShutdownServiceControl.classify(new SQLException("Connection reset", null, 0,
                new SocketException("Connection reset")))).isEqualTo(Answer.CONNECTION_CLOSED);
        assertThat(SqlShutdownServiceControl.classify(new SQLException("Server shutdown in progress", "08S01",
                SqlShutdownServiceControl.ER_SERVER_SHUTDOWN))).isEqualTo(Answer.SHUTTING_DOWN);
        assertThat(Answer.CONNECTION_CLOSED.stopping()).isTrue();
        assertThat(Answer.SHUTTING_DOWN.stopping()).isTrue();
    }

    @Test
    void aMissingPrivilegeIsAFailure() {
        SQLException denied = new SQLSyntaxErrorException("(conn=9) Access denied; you need (at least one of) the"
                + " SHUTDOWN privilege(s) for this operation", "42000", 1227);

        assertThat(SqlShutdownServiceControl.classify(denied)).isEqualTo(Answer.NO_PRIVILEGE);
        assertThat(Answer.NO_PRIVILEGE.stopping()).isFalse();
    }

    @Test
    void aServerWithoutTheStatementIsAFailure() {
        assertThat(SqlShutdownServiceControl.classify(new SQLSyntaxErrorException("You have an error in your SQL"
                + " syntax", "42000", 1064))).isEqualTo(Answer.NOT_SUPPORTED);
    }

    @Test
    void noAnswerInTimeIsAFailureEvenThoughTheConnectionBroke() {
        SQLException timeout = new SQLNonTransientConnectionException("Socket error", "08000", 0,
                new SocketTimeoutException("Read timed out"));

        assertThat(SqlShutdownServiceControl.classify(timeout)).isEqualTo(Answer.TIMED_OUT);
        assertThat(Answer.TIMED_OUT.stopping()).isFalse();
    }

    @Test
    void anyOtherErrorIsAFailure() {
        assertThat(SqlShutdownServiceControl.classify(new SQLException("Lock wait timeout", "HY000", 1205)))
                .isEqualTo(Answer.FAILED);
    }

    @Test
    void aServerThatCannotBeReachedIsAFailureNamingWhere() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SqlShutdownServiceControl control = new SqlShutdownServiceControl(
                new MySqlInstance("127.0.0.1", port, "stopper", "pw", null, null),
                CommandServiceControl.builder("start command", new RecordingRunner())
                        .start(List.of("sh", "-c", "start-it")).build());

        assertThatThrownBy(() -> control.stop(Duration.ofSeconds(2)))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageStartingWith("cannot connect to MySQL at 127.0.0.1:" + port + " as 'stopper' to send SHUTDOWN");
    }

    @Test
    void theStartCommandIsRunWithItsTimeoutAndItsFailureReported() {
        RecordingRunner runner = new RecordingRunner().answering(1, "no such file");
        SqlShutdownServiceControl control = new SqlShutdownServiceControl(
                new MySqlInstance("127.0.0.1", 3306, "stopper", "pw", null, null),
                CommandServiceControl.builder("start command", runner).start(List.of("sh", "-c", "start-it")).build());

        assertThatThrownBy(() -> control.start(Duration.ofSeconds(9)))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("start command 'start-it' exited with 1 (output: no such file)");
        assertThat(runner.calls).containsExactly(
                new RecordingRunner.Call(List.of("sh", "-c", "start-it"), Duration.ofSeconds(9)));
        assertThat(control.status(Duration.ofSeconds(1))).isEqualTo(ServiceState.UNKNOWN);
    }
}
