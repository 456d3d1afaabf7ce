package org.mysqlbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void onlyFailuresThatASecondAttemptCanCureAreRetryable() {
        assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable))
                .containsExactlyInAnyOrder(ErrorCode.CHUNK_CHECKSUM_MISMATCH, ErrorCode.INCOMPLETE, ErrorCode.INTERNAL);
    }

    @Test
    void aRetryableProtocolExceptionIsAProtocolExceptionKeepingItsCode() {
        ProtocolException e = new RetryableProtocolException(ErrorCode.INCOMPLETE, "3 chunks missing");

        assertThat(e.code()).isEqualTo(ErrorCode.INCOMPLETE);
        assertThat(e).hasMessage("3 chunks missing");
    }
}
