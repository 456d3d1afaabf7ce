package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    static Stream<Record> everyMessage() {
        String sha = "a".repeat(64);
        return Stream.of(
                new InitTransfer("0123456789abcdef", "nightly", "Data.zip", 12_345_678_901L, 4 << 20, sha, "b".repeat(32),
                        1_700_000_000_123L),
                new TransferAccepted("0123456789abcdef", 2944, 17),
                new ChunkHeader("0123456789abcdef", 7, 7L * (4 << 20), 4 << 20, sha),
                new ChunkStored("0123456789abcdef", 7),
                new FinalizeTransfer("0123456789abcdef"),
                new TransferStored("0123456789abcdef", "db1_nightly_20240101T000000Z.zip", "db1/db1_nightly.zip",
                        12_345_678_901L, sha, "b".repeat(32)),
                new ProtocolError(ErrorCode.NO_SPACE, "server has 1.0 GiB free; ünïcødé ✓"));
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void everyMessageSurvivesTheTripThroughFrameMetadata(Record message) {
        Frame frame = codec.frame(message);

        assertThat(codec.read(frame, message.getClass())).isEqualTo(message);
    }

    @Test
    void metadataIsJsonNotJavaSerialization() {
        Frame frame = codec.frame(new ChunkStored("t1", 3));

        assertThat(new String(frame.metadata(), StandardCharsets.UTF_8)).isEqualTo("{\"transferId\":\"t1\",\"index\":3}");
    }

    @Test
    void payloadTravelsBesideTheMetadataUntouched() {
        byte[] payload = {0, 1, 2, (byte) 255};

        Frame frame = codec.frame(new ChunkHeader("t1", 0, 0, 4, "x"), payload);

        assertThat(frame.type()).isEqualTo(FrameType.CHUNK);
        assertThat(frame.payload()).containsExactly(0, 1, 2, 255);
    }

    @Test
    void aRecordThatIsNoProtocolMessageIsRefused() {
        record Stranger(String name) {
        }

        assertThatThrownBy(() -> codec.frame(new Stranger("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Stranger is not a protocol message");
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"CHUNK_CHECKSUM_MISMATCH", "INCOMPLETE", "INTERNAL"})
    void errorFrameWithARetryableCodeBecomesRetryableProtocolException(ErrorCode code) {
        Frame error = codec.frame(new ProtocolError(code, "try again"));

        assertThatThrownBy(() -> codec.read(error, ChunkStored.class))
                .isInstanceOf(RetryableProtocolException.class)
                .hasMessageContaining("try again")
                .asInstanceOf(type(ProtocolException.class))
                .extracting(ProtocolException::code).isEqualTo(code);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"CHUNK_CHECKSUM_MISMATCH", "INCOMPLETE", "INTERNAL"},
            mode = EnumSource.Mode.EXCLUDE)
    void errorFrameWithAFinalCodeBecomesPlainProtocolException(ErrorCode code) {
        Frame error = codec.frame(new ProtocolError(code, "no"));

        assertThatThrownBy(() -> codec.read(error, TransferAccepted.class))
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessageContaining("no")
                .asInstanceOf(type(ProtocolException.class))
                .extracting(ProtocolException::code).isEqualTo(code);
    }

    @Test
    void errorFrameWithoutACodeCountsAsInternal() {
        Frame error = new Frame(FrameType.ERROR, "{\"message\":\"boom\"}".getBytes(StandardCharsets.UTF_8), null);

        assertThatThrownBy(() -> codec.read(error, ChunkStored.class))
                .isInstanceOf(RetryableProtocolException.class)
                .asInstanceOf(type(ProtocolException.class))
                .extracting(ProtocolException::code).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void errorFrameWhoseMetadataIsJsonNullIsABadRequestNotANullPointer() {
        Frame error = new Frame(FrameType.ERROR, "null".getBytes(StandardCharsets.UTF_8), null);

        assertThatThrownBy(() -> codec.read(error, ChunkStored.class))
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("unreadable ERROR metadata");
    }

    @Test
    void errorFrameCanBeReadAsTheErrorItCarries() {
        Frame error = codec.frame(new ProtocolError(ErrorCode.NO_SPACE, "full"));

        assertThat(codec.read(error, ProtocolError.class)).isEqualTo(new ProtocolError(ErrorCode.NO_SPACE, "full"));
    }

    @Test
    void frameOfAnotherTypeThanExpectedIsABadRequest() {
        Frame chunkStored = codec.frame(new ChunkStored("t1", 0));

        assertThatThrownBy(() -> codec.read(chunkStored, FinalizeTransfer.class))
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessage("expected a FINALIZE frame, got CHUNK_STORED")
                .asInstanceOf(type(ProtocolException.class))
                .extracting(ProtocolException::code).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void unknownJsonFieldsFromANewerPeerAreIgnored() {
        Frame frame = finalizeWith("{\"transferId\":\"t1\",\"addedLater\":42,\"nested\":{\"list\":[1,2]}}");

        assertThat(codec.read(frame, FinalizeTransfer.class)).isEqualTo(new FinalizeTransfer("t1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[1,2]", "{\"transferId\":", "\u0000\u0001", "null",
            "{\"transferId\":\"t1\"} trailing"})
    void metadataThatIsNoFinalizeMessageIsABadRequest(String metadata) {
        Frame frame = finalizeWith(metadata);

        assertThatThrownBy(() -> codec.read(frame, FinalizeTransfer.class))
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("unreadable FINALIZE metadata")
                .asInstanceOf(type(ProtocolException.class))
                .extracting(ProtocolException::code).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void aProtocolExceptionBecomesAnErrorFrameWithItsOwnCode() {
        Frame frame = codec.error(new ProtocolException(ErrorCode.UNKNOWN_TRANSFER, "no open transfer t9"));

        assertThat(frame.type()).isEqualTo(FrameType.ERROR);
        assertThat(codec.read(frame, ProtocolError.class))
                .isEqualTo(new ProtocolError(ErrorCode.UNKNOWN_TRANSFER, "no open transfer t9"));
    }

    @Test
    void anyOtherFailureBecomesAnInternalErrorFrame() {
        Frame frame = codec.error(new IllegalStateException("disk on fire"));

        assertThat(codec.read(frame, ProtocolError.class)).isEqualTo(new ProtocolError(ErrorCode.INTERNAL, "disk on fire"));
    }

    @Test
    void aFailureWithoutMessageIsNamedByItsClass() {
        Frame frame = codec.error(new NullPointerException());

        assertThat(codec.read(frame, ProtocolError.class).message()).isEqualTo("NullPointerException");
    }

    @Test
    void aThrowableWrittenToTheEncoderLeavesAsAnErrorFrame() {
        byte[] bytes = Wire.encode(new IllegalStateException("disk on fire"));

        List<Frame> frames = Wire.decode(bytes, 1024);

        assertThat(frames).singleElement().extracting(Frame::type).isEqualTo(FrameType.ERROR);
        assertThatThrownBy(() -> codec.read(frames.get(0), ChunkStored.class))
                .isInstanceOf(RetryableProtocolException.class)
                .hasMessage("server refused: disk on fire");
    }

    @Test
    void aRefusalWrittenToTheEncoderReachesTheClientWithItsCode() {
        byte[] bytes = Wire.encode(new ProtocolException(ErrorCode.NOT_AUTHORIZED, "transfer belongs to another client"));

        Frame frame = Wire.decode(bytes, 1024).get(0);

        assertThatThrownBy(() -> codec.read(frame, TransferAccepted.class))
                .isExactlyInstanceOf(ProtocolException.class)
                .hasMessage("server refused: transfer belongs to another client")
                .asInstanceOf(type(ProtocolException.class))
                .extracting(ProtocolException::code).isEqualTo(ErrorCode.NOT_AUTHORIZED);
    }

    private static Frame finalizeWith(String json) {
        return new Frame(FrameType.FINALIZE, json.getBytes(StandardCharsets.UTF_8), null);
    }
}
