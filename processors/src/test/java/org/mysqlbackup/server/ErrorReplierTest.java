package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.MessageCodec;
import org.mysqlbackup.protocol.ProtocolException;

class ErrorReplierTest {
    private final ErrorReplier replier = new ErrorReplier(new MessageCodec(), Path.of("/srv/backups"));

    @Test
    void anUnexpectedFailureReachesTheClientAsItsTypeOnlyNeverItsMessage() {
        ProtocolException sent = replier.forClient("CHUNK", new UncheckedIOException("cannot write to "
                + "/srv/backups/.staging/x.part", new NoSuchFileException("/srv/backups/.staging/x.part")));

        assertThat(sent.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(sent.getMessage()).isEqualTo("the server failed to handle the CHUNK (UncheckedIOException); "
                + "its log has the details");
    }

    @Test
    void aRefusalKeepsItsReasonAndCodeButNotTheStorageRoot() {
        ProtocolException sent = replier.forClient("INIT", new ProtocolException(ErrorCode.BAD_REQUEST,
                "/srv/backups/x is outside the storage root /srv/backups"));

        assertThat(sent.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(sent.getMessage()).isEqualTo("<storage>/x is outside the storage root <storage>");
    }
}
