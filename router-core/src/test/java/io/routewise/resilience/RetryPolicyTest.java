package io.routewise.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.config.RetryConfig;
import io.routewise.providers.ProviderException;
import io.routewise.providers.ProviderException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final ManualClock clock = new ManualClock();

    private static ProviderException failure(Kind kind) {
        return new ProviderException(kind, "simulated " + kind);
    }

    private static ProviderException rateLimited(Duration retryAfter) {
        return new ProviderException(Kind.RATE_LIMITED, 429, retryAfter, "slow down", null);
    }

    private Deadline deadline(Duration total) {
        return Deadline.after(total, clock::nanoTime);
    }

    @Test
    void backoffCeilingDoublesFromTheBaseUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(1));
        List<Long> ceilings = new ArrayList<>();
        for (int retry = 0; retry < 6; retry++) {
            ceilings.add(b.ceiling(retry).toMillis());
        }
        assertThat(ceilings).containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L);
        assertThat(b.ceiling(70).toMillis()).as("no overflow far out").isEqualTo(1_000L);
        assertThat(b.ceiling(62).toMillis()).isEqualTo(1_000L);
    }

    @Test
    void fullJitterDrawsUniformlyBelowTheCeilingAndIsReproducibleWithASeed() {
        Backoff first = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(42));
        Backoff second = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(42));
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (int retry = 0; retry < 8; retry++) {
            a.add(first.delay(retry).toMillis());
            b.add(second.delay(retry).toMillis());
        }
        assertThat(a).isEqualTo(b);
        for (int retry = 0; retry < 8; retry++) {
            assertThat(a.get(retry)).isBetween(0L, first.ceiling(retry).toMillis());
        }
        // Full jitter spreads over the whole range: over many draws both ends are reached and the mean is mid-range.
        Backoff many = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(7));
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 20_000; i++) {
            long d = many.delay(3).toMillis();
            sum += d;
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isLessThan(5);
        assertThat(max).isGreaterThan(795);
        assertThat(sum / 20_000.0).isBetween(380.0, 420.0);
    }

    @Test
    void retryAfterIsAFloorForTheDelay() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(200), new Random(3));
        assertThat(b.delay(0, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(0, Duration.ZERO)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(b.delay(0, null)).isBetween(Duration.ZERO, Duration.ofMillis(100));
    }

    @Test
    void retriesRateLimitsServerErrorsTimeoutsAndConnectionFailuresOnly() {
        assertThat(RetryPolicy.shouldRetry(failure(Kind.RATE_LIMITED))).isTrue();
        assertThat(RetryPolicy.shouldRetry(failure(Kind.SERVER_ERROR))).isTrue();
        assertThat(RetryPolicy.shouldRetry(failure(Kind.TIMEOUT))).isTrue();
        assertThat(RetryPolicy.shouldRetry(failure(Kind.CONNECTION))).isTrue();
        assertThat(RetryPolicy.shouldRetry(failure(Kind.CLIENT_ERROR))).isFalse();
        assertThat(RetryPolicy.shouldRetry(failure(Kind.BAD_RESPONSE))).isFalse();
        assertThat(RetryPolicy.shouldRetry(failure(Kind.STREAM_INTERRUPTED), false)).isTrue();
        assertThat(RetryPolicy.shouldRetry(failure(Kind.STREAM_INTERRUPTED), true)).isFalse();
        assertThat(RetryPolicy.shouldRetry(failure(Kind.SERVER_ERROR), true)).isFalse();
    }

    @Test
    void followsTheBackoffScheduleUntilMaxAttempts() {
        RetryPolicy policy = RetryPolicy.of(new RetryConfig(4, 100, 250), new Random(5));
        Backoff same = new Backoff(Duration.ofMillis(100), Duration.ofMillis(250), new Random(5));
        Deadline d = deadline(Duration.ofSeconds(30));
        for (int attempt = 1; attempt <= 3; attempt++) {
            RetryDecision next = policy.next(failure(Kind.SERVER_ERROR), attempt, false, d);
            assertThat(next.retry()).isTrue();
            assertThat(next.delay()).isEqualTo(same.delay(attempt - 1));
            assertThat(next.reason()).startsWith("retry " + attempt + " of 3 after ").endsWith(" on server error");
        }
        RetryDecision last = policy.next(failure(Kind.SERVER_ERROR), 4, false, d);
        assertThat(last.retry()).isFalse();
        assertThat(last.reason()).isEqualTo("4 attempts made, the most per deployment");
    }

    @Test
    void oneMaxAttemptMeansNoRetry() {
        RetryPolicy policy = RetryPolicy.of(new RetryConfig(1, 100, 250), new Random(5));
        assertThat(policy.next(failure(Kind.TIMEOUT), 1, false, deadline(Duration.ofSeconds(5))).retry()).isFalse();
    }

    @Test
    void neverRetriesClientErrorsOrAfterTheFirstByte() {
        RetryPolicy policy = RetryPolicy.of(new RetryConfig(3, 100, 250), new Random(5));
        Deadline d = deadline(Duration.ofSeconds(30));
        RetryDecision client = policy.next(failure(Kind.CLIENT_ERROR), 1, false, d);
        assertThat(client.retry()).isFalse();
        assertThat(client.reason()).contains("rejected the request");
        RetryDecision midStream = policy.next(failure(Kind.STREAM_INTERRUPTED), 1, true, d);
        assertThat(midStream.retry()).isFalse();
        assertThat(midStream.reason()).contains("first byte");
    }

    @Test
    void waitsAtLeastTheProvidersRetryAfter() {
        RetryPolicy policy = RetryPolicy.of(new RetryConfig(3, 100, 250), new Random(5));
        RetryDecision next = policy.next(rateLimited(Duration.ofSeconds(3)), 1, false, deadline(Duration.ofSeconds(30)));
        assertThat(next.retry()).isTrue();
        assertThat(next.delay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(next.reason()).isEqualTo("retry 1 of 2 after 3000 ms (the provider's Retry-After) on rate limited");
    }

    @Test
    void givesUpOnTheDeploymentWhenRetryAfterOrTheBackoffPassesTheDeadline() {
        RetryPolicy policy = RetryPolicy.of(new RetryConfig(5, 4_000, 4_000), new Random(5));
        Deadline d = deadline(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(8));

        RetryDecision tooLate = policy.next(rateLimited(Duration.ofSeconds(20)), 1, false, d);
        assertThat(tooLate.retry()).isFalse();
        assertThat(tooLate.reason()).isEqualTo("the provider asked to retry after 20000 ms, past the request's deadline (2000 ms left)");

        // Every draw in [0, 4000] that reaches 2000 ms left is refused; shorter ones go ahead, within the deadline.
        int retried = 0;
        for (int i = 0; i < 50; i++) {
            RetryDecision next = policy.next(failure(Kind.TIMEOUT), 1, false, d);
            if (next.retry()) {
                retried++;
                assertThat(next.delay()).isLessThan(d.remaining());
            } else {
                assertThat(next.reason()).contains("would outlast the request's deadline (2000 ms left)");
            }
        }
        assertThat(retried).isBetween(5, 45);
    }

    @Test
    void deadlinesCapEachAttemptByWhatIsLeft() {
        Deadlines limits = new Deadlines(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(30));
        Deadline d = limits.start(clock::nanoTime);
        assertThat(limits.attemptTimeout(d)).isEqualTo(Duration.ofSeconds(20));
        assertThat(limits.firstTokenTimeout(d)).isEqualTo(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(27));
        assertThat(limits.attemptTimeout(d)).isEqualTo(Duration.ofSeconds(3));
        assertThat(limits.firstTokenTimeout(d)).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.expired()).isFalse();
        clock.advance(Duration.ofSeconds(4));
        assertThat(d.expired()).isTrue();
        assertThat(d.remaining()).isEqualTo(Duration.ZERO);
        assertThat(limits.attemptTimeout(d)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Deadline.after(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadlinesComeFromTheProviderConfigWithDefaultsFollowingTheOldTimeout() {
        var p = io.routewise.config.ConfigLoader.parse("""
                providers:
                  - {name: a, kind: simulator, timeout_ms: 30000}
                  - {name: b, kind: simulator, attempt_timeout_ms: 8000, ttft_timeout_ms: 2000, total_timeout_ms: 20000,
                     retry: {max_attempts: 3, base_delay_ms: 50, max_delay_ms: 500}}
                models:
                  - {id: m, provider: a, input_usd_per_1m: 0, output_usd_per_1m: 0, context_window: 100, max_output_tokens: 10}
                """, "t.yaml").providers();
        assertThat(Deadlines.of(p.get(0))).isEqualTo(new Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(120)));
        assertThat(Deadlines.of(p.get(1))).isEqualTo(new Deadlines(Duration.ofSeconds(8), Duration.ofSeconds(2),
                Duration.ofSeconds(20)));
        assertThat(p.get(0).retry()).isEqualTo(new RetryConfig(2, 200, 2_000));
        assertThat(RetryPolicy.of(p.get(1).retry(), new Random()).maxAttempts()).isEqualTo(3);
    }
}
