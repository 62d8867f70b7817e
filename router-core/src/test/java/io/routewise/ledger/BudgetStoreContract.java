package io.routewise.ledger;

import io.routewise.config.BudgetConfig;
import io.routewise.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** What a budget store does on either database; subclasses open the ledger. */
abstract class BudgetStoreContract {

    static final BudgetConfig MODEL_DAY = new BudgetConfig("model", "gpt-4o", "day", 1.0);
    static final BudgetConfig PROVIDER_MONTH = new BudgetConfig("provider", "openai", "month", 10.0, 0.5);
    static final BudgetConfig KEY_DAY = new BudgetConfig("key", "key_team", "day", 0.30);
    static final BudgetTarget GPT4O = new BudgetTarget("openai", "gpt-4o", "key_other");

    Ledger ledger;
    MutableClock clock;
    BudgetStore store;

    abstract Ledger openLedger();

    @BeforeEach
    void open() {
        ledger = openLedger();
        clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        store = new BudgetStore(ledger, List.of(MODEL_DAY, PROVIDER_MONTH, KEY_DAY), Duration.ofMinutes(10), clock);
    }

    @AfterEach
    void closeLedger() {
        store.close();
        ledger.close();
    }

    @Test
    void reservesAgainstEveryApplicableBudgetAndRefusesWhenTheEstimateNoLongerFits() {
        Reservation r = store.reserve(GPT4O, 0.6);
        assertThat(r.holds()).extracting(Reservation.Hold::scope).containsExactlyInAnyOrder("model", "provider");
        assertThat(store.usage(MODEL_DAY).reservedUsd()).isCloseTo(0.6, within(1e-9));
        assertThat(store.usage(PROVIDER_MONTH).reservedUsd()).isCloseTo(0.6, within(1e-9));

        assertThatThrownBy(() -> store.reserve(GPT4O, 0.5))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("budget model 'gpt-4o' per day ($1.00) is exhausted for 2026-11-21")
                .satisfies(e -> assertThat(((BudgetExceededException) e).budget()).isEqualTo(MODEL_DAY));
        // The refusal changed nothing, not even the provider budget it would also have held.
        assertThat(store.usage(PROVIDER_MONTH).reservedUsd()).isCloseTo(0.6, within(1e-9));
        assertThat(store.reserve(GPT4O, 0.4).holds()).hasSize(2);
    }

    @Test
    void aTargetUnderNoBudgetReservesNothing() {
        Reservation r = store.reserve(new BudgetTarget("anthropic", "claude", null), 100);
        assertThat(r.holds()).isEmpty();
        store.reconcile(r, 100);
        assertThat(Rows.count(ledger, "budget_spend")).isZero();
    }

    @Test
    void reconcileMovesTheReservationToSpentAtTheActualCost() {
        Reservation r = store.reserve(GPT4O, 0.5);
        store.reconcile(r, 0.2);
        BudgetUsage u = store.usage(MODEL_DAY);
        assertThat(u.spentUsd()).isCloseTo(0.2, within(1e-9));
        assertThat(u.reservedUsd()).isCloseTo(0.0, within(1e-9));
        assertThat(Rows.count(ledger, "budget_reservations")).isZero();
        store.release(store.reserve(GPT4O, 0.3));
        assertThat(store.usage(MODEL_DAY).spentUsd()).isCloseTo(0.2, within(1e-9));
        assertThat(store.usage(MODEL_DAY).reservedUsd()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void reservationsOfCrashedCallsExpireAndReturnTheirAmount() {
        store.reserve(GPT4O, 0.7); // never settled
        assertThatThrownBy(() -> store.reserve(GPT4O, 0.7)).isInstanceOf(BudgetExceededException.class);
        clock.advance(Duration.ofMinutes(9));
        assertThat(store.expireReservations()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.expireReservations()).isEqualTo(2); // model and provider holds
        assertThat(store.usage(MODEL_DAY).reservedUsd()).isCloseTo(0.0, within(1e-9));
        assertThat(store.reserve(GPT4O, 0.7).holds()).hasSize(2);
    }

    @Test
    void openingAStoreReturnsReservationsThatExpiredWhileNoRouterWasRunning() {
        // A reservation made a day ago by a router that crashed before settling it.
        MutableClock yesterday = new MutableClock(Instant.now().minus(Duration.ofDays(1)));
        BudgetStore crashed = new BudgetStore(ledger, List.of(MODEL_DAY), Duration.ofMinutes(10), yesterday);
        crashed.reserve(GPT4O, 0.9);
        assertThat(crashed.usage(MODEL_DAY).reservedUsd()).isCloseTo(0.9, within(1e-9));
        try (BudgetStore restarted = BudgetStore.open(ledger, List.of(MODEL_DAY))) {
            assertThat(Rows.count(ledger, "budget_reservations")).isZero();
            assertThat(crashed.usage(MODEL_DAY).reservedUsd()).isCloseTo(0.0, within(1e-9));
        }
    }

    @Test
    void settlingAnExpiredReservationStillCountsWhatWasSpent() {
        Reservation r = store.reserve(GPT4O, 0.4);
        clock.advance(Duration.ofMinutes(11));
        store.expireReservations();
        store.reconcile(r, 0.35);
        BudgetUsage u = store.usage(MODEL_DAY);
        assertThat(u.spentUsd()).isCloseTo(0.35, within(1e-9));
        assertThat(u.reservedUsd()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void statusIsSoftFromTheThresholdAndHardAtTheCapNamingTheBudget() {
        assertThat(store.status(GPT4O)).isEqualTo(BudgetStatus.OK);
        store.reconcile(store.reserve(GPT4O, 0.79), 0.79);
        assertThat(store.status("model", "gpt-4o").level()).isEqualTo(BudgetStatus.Level.OK);
        store.reconcile(store.reserve(GPT4O, 0.02), 0.02);
        BudgetStatus soft = store.status(GPT4O);
        assertThat(soft.level()).isEqualTo(BudgetStatus.Level.SOFT);
        assertThat(soft.reason()).contains("budget model 'gpt-4o' per day ($1.00)", "81 %", "soft threshold");
        store.reconcile(store.reserve(GPT4O, 0.19), 0.19);
        BudgetStatus hard = store.status(GPT4O);
        assertThat(hard.level()).isEqualTo(BudgetStatus.Level.HARD);
        assertThat(hard.budget()).isEqualTo(MODEL_DAY);
        assertThat(hard.reason()).contains("at the cap");
        // The provider budget (soft at 50 % of $10) is still OK.
        assertThat(store.status("provider", "openai").level()).isEqualTo(BudgetStatus.Level.OK);
    }

    @Test
    void aNewDayStartsADailyBudgetAfreshButNotAMonthlyOne() {
        store.reconcile(store.reserve(GPT4O, 1.0), 1.0);
        assertThat(store.status("model", "gpt-4o").level()).isEqualTo(BudgetStatus.Level.HARD);
        clock.advance(Duration.ofDays(1));
        assertThat(store.status("model", "gpt-4o").level()).isEqualTo(BudgetStatus.Level.OK);
        assertThat(store.usage(PROVIDER_MONTH).spentUsd()).isCloseTo(1.0, within(1e-9));
        assertThat(store.usage(PROVIDER_MONTH).periodStart()).isEqualTo("2026-11");
    }

    @Test
    void aKeyBudgetAppliesOnlyToThatKey() {
        BudgetTarget team = new BudgetTarget("anthropic", "claude", "key_team");
        store.reserve(team, 0.3);
        assertThatThrownBy(() -> store.reserve(team, 0.01)).hasMessageContaining("key 'key_team'");
        assertThat(store.reserve(new BudgetTarget("anthropic", "claude", "key_else"), 5).holds()).isEmpty();
    }

    @Test
    void manyThreadsReservingAgainstASmallCapNeverExceedIt() throws Exception {
        BudgetTarget target = new BudgetTarget("sim", "cheap", null);
        BudgetConfig cap = new BudgetConfig("model", "cheap", "day", 0.50);
        BudgetStore shared = new BudgetStore(ledger, List.of(cap), Duration.ofMinutes(10), clock);
        AtomicInteger admitted = concurrentReservations(List.of(shared), target, 8, 25, 0.01);
        BudgetUsage u = shared.usage(cap);
        assertThat(admitted.get()).isEqualTo(50);
        assertThat(u.spentUsd() + u.reservedUsd()).isLessThanOrEqualTo(0.50 + 1e-9);
    }

    /**
     * {@code threads} threads, each making {@code perThread} reserve-then-settle calls of {@code estimate}
     * (settled at the estimate), spread over the given stores.
     */
    static AtomicInteger concurrentReservations(List<BudgetStore> stores, BudgetTarget target, int threads,
                                                int perThread, double estimate) throws Exception {
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                BudgetStore s = stores.get(t % stores.size());
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try {
                            Reservation r = s.reserve(target, estimate);
                            admitted.incrementAndGet();
                            s.reconcile(r, estimate);
                        } catch (BudgetExceededException refused) {
                            // expected once the cap is reached
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return admitted;
    }

    @Test
    void aCallKeptOutOnlyByCallsInFlightWaitsForThemAndIsAdmittedWhenTheySettle() throws Exception {
        Reservation first = store.reserve(GPT4O, 0.7);
        List<java.time.Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.onWait((took, admitted) -> {
            waits.add(took);
            outcomes.add(admitted);
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // 0.5 does not fit beside the 0.7 in flight, but fits beside the 0.2 it will cost.
            Future<Reservation> waiting = pool.submit(() -> store.reserve(GPT4O, 0.5, Duration.ofSeconds(10)));
            Thread.sleep(150);
            assertThat(waiting.isDone()).isFalse();
            store.reconcile(first, 0.2);
            Reservation admitted = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(admitted.holds()).hasSize(2);
            assertThat(store.usage(MODEL_DAY).reservedUsd()).isCloseTo(0.5, within(1e-9));
            assertThat(outcomes).containsExactly(true);
            assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void spentMoneyIsRefusedAtOnceAndAWaitThatRunsOutIsRefused() {
        store.reconcile(store.reserve(GPT4O, 0.7), 0.7);
        long start = System.nanoTime();
        // 0.7 spent: 0.5 can never fit today, so there is nothing to wait for.
        assertThatThrownBy(() -> store.reserve(GPT4O, 0.5, Duration.ofSeconds(10)))
                .isInstanceOf(BudgetExceededException.class)
                .satisfies(e -> assertThat(((BudgetExceededException) e).inFlightOnly()).isFalse());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // 0.2 in flight that never settles: a 0.2 call waits its 200 ms, then is refused.
        store.reserve(GPT4O, 0.2);
        start = System.nanoTime();
        assertThatThrownBy(() -> store.reserve(GPT4O, 0.2, Duration.ofMillis(200)))
                .isInstanceOf(BudgetExceededException.class)
                .satisfies(e -> assertThat(((BudgetExceededException) e).inFlightOnly()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void waitersAreAdmittedInArrivalOrder() throws Exception {
        Reservation blocker = store.reserve(GPT4O, 0.9);
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    // 0.6 of the 1.00 cap: one at a time, so the order seen here is the order admitted
                    Reservation r = store.reserve(GPT4O, 0.6, Duration.ofSeconds(20));
                    order.add(n);
                    Thread.sleep(30);
                    store.release(r); // leaves room for the next one
                    return null;
                }));
                Thread.sleep(100); // arrive one after the other
            }
            store.release(blocker);
            for (Future<?> f : futures) {
                f.get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(order).containsExactly(0, 1, 2, 3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerOnAnotherRouterDoesNotOvertakeAWaiter() throws Exception {
        // Two stores on one ledger: two routers.
        BudgetStore other = new BudgetStore(ledger, List.of(MODEL_DAY, PROVIDER_MONTH, KEY_DAY), Duration.ofMinutes(10),
                clock);
        Reservation blocker = store.reserve(GPT4O, 0.9);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Reservation> waiter = pool.submit(() -> store.reserve(GPT4O, 0.2, Duration.ofSeconds(20)));
            for (int i = 0; i < 100 && Rows.count(ledger, "budget_waiters") == 0; i++) {
                Thread.sleep(20);
            }
            assertThat(Rows.count(ledger, "budget_waiters")).isEqualTo(1);
            // 0.05 fits beside the 0.9, but not beside the 0.9 and the waiter's 0.2: the newcomer leaves the
            // waiter its room and queues behind it.
            assertThatThrownBy(() -> other.reserve(GPT4O, 0.05))
                    .isInstanceOf(BudgetExceededException.class)
                    .satisfies(e -> assertThat(((BudgetExceededException) e).inFlightOnly()).isTrue());
            store.release(blocker);
            Reservation first = waiter.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(first.holds()).hasSize(2);
            assertThat(Rows.count(ledger, "budget_waiters")).as("the waiter left the line").isZero();
            assertThat(other.reserve(GPT4O, 0.05).holds()).hasSize(2);
        } finally {
            pool.shutdownNow();
            other.close();
        }
    }

    @Test
    void aPlaceInLineOfARouterThatDiedExpires() {
        clock.advance(Duration.ZERO);
        // A waiter for 0.95 of the 1.00 cap, whose router died.
        try (var c = ledger.connection(); var ps = c.prepareStatement("INSERT INTO budget_waiters (scope, name, period, "
                + "period_start, amount_micros, expires_at) VALUES ('model', 'gpt-4o', 'day', '2026-11-21', 950000, ?)")) {
            ps.setLong(1, clock.millis() + 1_000);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> store.reserve(GPT4O, 0.1)).isInstanceOf(BudgetExceededException.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.reserve(GPT4O, 0.1).holds()).hasSize(2);
        store.expireReservations();
        assertThat(Rows.count(ledger, "budget_waiters")).isZero();
    }

    @Test
    void aNewcomerThatFitsBesideTheWaitersIsNotHeldUp() throws Exception {
        BudgetStore other = new BudgetStore(ledger, List.of(MODEL_DAY, PROVIDER_MONTH, KEY_DAY), Duration.ofMinutes(10),
                clock);
        Reservation blocker = store.reserve(GPT4O, 0.5);
        Reservation second = store.reserve(GPT4O, 0.3);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // 0.3 waits (0.5 + 0.3 + 0.3 > 1.00) ...
            Future<Reservation> waiter = pool.submit(() -> store.reserve(GPT4O, 0.3, Duration.ofSeconds(20)));
            for (int i = 0; i < 100 && Rows.count(ledger, "budget_waiters") == 0; i++) {
                Thread.sleep(20);
            }
            store.release(second);
            Reservation first = waiter.get(20, java.util.concurrent.TimeUnit.SECONDS);
            // ... and once it is in, 0.1 still fits beside everything: nobody waits for it.
            assertThat(other.reserve(GPT4O, 0.1).holds()).hasSize(2);
            store.release(first);
            store.release(blocker);
        } finally {
            pool.shutdownNow();
            other.close();
        }
    }
}
