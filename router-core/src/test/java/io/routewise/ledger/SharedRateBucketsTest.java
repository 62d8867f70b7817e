package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.LedgerConfig;
import io.routewise.testing.MutableClock;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-minute buckets in the ledger database: two replicas share one limit. */
class SharedRateBucketsTest {

    private static void twoReplicasShareOneLimit(String url) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        try (Ledger a = Ledger.open(new LedgerConfig(url)); Ledger b = Ledger.open(new LedgerConfig(url))) {
            SharedRateBuckets first = new SharedRateBuckets(a, clock);
            SharedRateBuckets second = new SharedRateBuckets(b, clock);
            int taken = 0;
            for (int i = 0; i < 10; i++) {
                taken += (i % 2 == 0 ? first : second).tryTake("key:k/requests", 6, 1) == 0 ? 1 : 0;
            }
            assertThat(taken).as("6 per minute, whichever replica asks").isEqualTo(6);
            assertThat(first.tryTake("key:k/requests", 6, 1)).as("seconds to wait").isEqualTo(10);
            clock.advance(Duration.ofSeconds(10));
            assertThat(second.tryTake("key:k/requests", 6, 1)).as("one refilled after 10 s").isZero();
            assertThat(first.tryTake("key:k/requests", 6, 1)).isPositive();
            assertThat(first.tryTake("key:other/requests", 6, 1)).as("buckets are per name").isZero();
            assertThat(first.tryTake("provider:p/tokens", 1_000, 5_000)).as("more than the capacity: from a full bucket")
                    .isZero();
            // A replica whose clock runs behind neither refills nor drains the bucket.
            clock.advance(Duration.ofSeconds(-30));
            assertThat(second.tryTake("key:k/requests", 6, 1)).isPositive();
        }
    }

    @Test
    void onSqlite(@TempDir Path tmp) throws Exception {
        twoReplicasShareOneLimit("jdbc:sqlite:" + tmp.resolve("ledger.db"));
    }

    @Nested
    @RequiresPostgres
    class OnPostgres {

        @Test
        void twoReplicas() throws Exception {
            try (TestPostgres.Schema schema = TestPostgres.newSchema()) {
                twoReplicasShareOneLimit(schema.url());
            }
        }

        @Test
        void concurrentTakesNeverExceedTheLimit() throws Exception {
            try (TestPostgres.Schema schema = TestPostgres.newSchema();
                 Ledger ledger = Ledger.open(new LedgerConfig(schema.url()))) {
                SharedRateBuckets buckets = new SharedRateBuckets(ledger, java.time.Clock.fixed(
                        Instant.parse("2026-12-07T10:00:00Z"), java.time.ZoneOffset.UTC));
                assertThat(SharedRateBuckets.worthSharing(ledger)).isTrue();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        int n = 0;
                        for (int i = 0; i < 10; i++) {
                            n += buckets.tryTake("provider:p/requests", 25, 1) == 0 ? 1 : 0;
                        }
                        return n;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get();
                }
                pool.shutdown();
                assertThat(total).isEqualTo(25);
            }
        }
    }
}
