package io.runload.runtime;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamThreadFailurePolicyTest {
    private final AtomicLong now = new AtomicLong(0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void replacesThreadsUntilFailuresPileUpWithinTheWindow() {
        var policy = new StreamThreadFailurePolicy(3, Duration.ofMinutes(10), clock);
        RuntimeException boom = new RuntimeException("boom");
        assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
        assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
        assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
        assertThat(policy.handle(boom)).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void oldFailuresAgeOut() {
        var policy = new StreamThreadFailurePolicy(1, Duration.ofMinutes(10), clock);
        RuntimeException boom = new RuntimeException("boom");
        assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
        now.addAndGet(Duration.ofMinutes(11).toMillis());
        assertThat(policy.handle(boom)).isEqualTo(REPLACE_THREAD);
        assertThat(policy.handle(boom)).isEqualTo(SHUTDOWN_CLIENT);
    }
}
