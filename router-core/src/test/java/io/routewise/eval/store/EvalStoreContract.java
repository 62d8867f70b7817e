package io.routewise.eval.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.eval.EvalOutcome;
import io.routewise.json.Json;
import io.routewise.ledger.Ledger;
import io.routewise.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link EvalStore} promises, on SQLite and PostgreSQL alike (subclasses open the ledger). */
abstract class EvalStoreContract {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T03:00:00Z"));
    Ledger ledger;
    EvalStore store;

    abstract Ledger openLedger();

    @BeforeEach
    void open() {
        ledger = openLedger();
        store = new EvalStore(ledger, clock);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    static EvalRun running(String id, String slot, Instant at) {
        return new EvalRun(id, slot, "cli", EvalRunStatus.RUNNING, at, null, List.of("math"), "abc", List.of("a", "b"),
                3, 0.5, 1.0, 0, null, null, null, null);
    }

    /** Model {@code model} answered item i of math/easy; passes for the first {@code passes}, one error at the end. */
    static List<EvalOutcome> outcomes(String run, String model, String complexity, int n, int passes) {
        List<EvalOutcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean error = i == n - 1;
            out.add(new EvalOutcome(run, "item-" + complexity + "-" + i, model, "sim", "math", complexity,
                    !error && i < passes, error ? "timeout" : null, 10 + i, error ? 0 : 20, error ? 0 : 5, 0.001,
                    error ? "timed out" : "ok"));
        }
        return out;
    }

    @Test
    void theLeaseIsHeldByOneHolderUntilReleasedOrExpired() {
        assertThat(store.tryLock("a", Duration.ofMinutes(10))).isTrue();
        assertThat(store.tryLock("b", Duration.ofMinutes(10))).isFalse();
        assertThat(store.tryLock("a", Duration.ofMinutes(10))).as("re-entrant for its holder").isTrue();
        assertThat(store.renewLock("a", Duration.ofMinutes(10))).isTrue();
        assertThat(store.renewLock("b", Duration.ofMinutes(10))).isFalse();
        store.unlock("b");
        assertThat(store.tryLock("b", Duration.ofMinutes(10))).as("only the holder releases").isFalse();
        store.unlock("a");
        assertThat(store.tryLock("b", Duration.ofMinutes(10))).isTrue();
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.tryLock("c", Duration.ofMinutes(10))).as("a lease its holder let expire").isTrue();
        assertThat(store.renewLock("b", Duration.ofMinutes(10))).isFalse();
    }

    @Test
    void runsRoundTripAndListNewestOrOldestFirst() {
        Instant t0 = clock.instant();
        store.insertRun(running("r1", "0 3 * * *@2026-11-21T03:00:00Z", t0));
        assertThat(store.slotTaken("0 3 * * *@2026-11-21T03:00:00Z")).isTrue();
        assertThat(store.slotTaken("0 3 * * *@2026-11-22T03:00:00Z")).isFalse();
        EvalRun r1 = store.run("r1").orElseThrow();
        assertThat(r1).isEqualTo(running("r1", "0 3 * * *@2026-11-21T03:00:00Z", t0));

        clock.advance(Duration.ofMinutes(5));
        store.finishRun("r1", EvalRunStatus.COMPLETED, 0.25, null);
        store.recordConclusions("r1", Json.MAPPER.createObjectNode().set("drifted_models",
                Json.MAPPER.createArrayNode().add("b")), 3, "reports/eval-r1.html");
        EvalRun done = store.run("r1").orElseThrow();
        assertThat(done.status()).isEqualTo(EvalRunStatus.COMPLETED);
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(done.spentUsd()).isEqualTo(0.25);
        assertThat(done.weightsVersion()).isEqualTo(3);
        assertThat(done.reportPath()).isEqualTo("reports/eval-r1.html");
        assertThat(done.driftedModels()).containsExactly("b");

        store.insertRun(running("r2", null, t0.plus(Duration.ofDays(1))));
        store.finishRun("r2", EvalRunStatus.COMPLETED, 0.2, null);
        store.insertRun(running("r3", null, t0.plus(Duration.ofDays(2))));
        assertThat(store.recentRuns(10)).extracting(EvalRun::runId).containsExactly("r3", "r2", "r1");
        assertThat(store.completedRuns(10)).extracting(EvalRun::runId).containsExactly("r1", "r2");
        assertThat(store.completedRuns(1)).extracting(EvalRun::runId).containsExactly("r2");

        assertThat(store.failAbandonedRuns()).isEqualTo(1);
        assertThat(store.run("r3").orElseThrow().status()).isEqualTo(EvalRunStatus.FAILED);
    }

    @Test
    void theFirstCompletedRunOfACellIsItsBaselineUntilAnotherIsPinned() {
        store.insertRun(running("r1", null, clock.instant()));
        store.insertResults(outcomes("r1", "a", "easy", 10, 8));
        store.insertResults(outcomes("r1", "b", "easy", 10, 5));
        store.finishRun("r1", EvalRunStatus.COMPLETED, 0.1, null);
        assertThat(store.adoptAsBaselineWhereMissing("r1")).isEqualTo(2);

        clock.advance(Duration.ofDays(1));
        store.insertRun(running("r2", null, clock.instant()));
        store.insertResults(outcomes("r2", "a", "easy", 10, 2));
        store.insertResults(outcomes("r2", "a", "hard", 10, 4));
        store.finishRun("r2", EvalRunStatus.COMPLETED, 0.1, null);
        assertThat(store.adoptAsBaselineWhereMissing("r2")).as("only the new cell").isEqualTo(1);

        List<EvalOutcome> base = store.baselineOutcomes(Set.of("a"), "r2");
        assertThat(base).hasSize(10).allMatch(o -> o.runId().equals("r1") && o.model().equals("a"));
        assertThat(base.stream().filter(EvalOutcome::passed)).hasSize(8);
        assertThat(base.stream().filter(EvalOutcome::failed)).hasSize(1);
        assertThat(store.baselineOutcomes(Set.of(), "r2")).hasSize(20);
        assertThat(store.results("r2")).hasSize(20).contains(outcomes("r2", "a", "hard", 10, 4).get(3));

        assertThat(store.pinBaseline("r2", List.of("a"))).isEqualTo(2);
        assertThat(store.baselines()).filteredOn(b -> b.model().equals("a"))
                .allMatch(b -> b.runId().equals("r2") && b.pinned());
        assertThat(store.baselines()).filteredOn(b -> b.model().equals("b"))
                .allMatch(b -> b.runId().equals("r1") && !b.pinned());

        store.insertRun(running("r3", null, clock.instant()));
        assertThatThrownBy(() -> store.pinBaseline("r3", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a completed run");
        assertThatThrownBy(() -> store.pinBaseline("nope", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no evaluation run 'nope'");
    }

    @Test
    void passCountsLeaveErrorsOut() {
        store.insertRun(running("r1", null, clock.instant()));
        store.insertResults(outcomes("r1", "a", "easy", 10, 8));
        EvalStore.PassCount pc = store.passCountsByModel(List.of("r1")).get("a").get(0);
        assertThat(pc.answered()).isEqualTo(9);
        assertThat(pc.passed()).isEqualTo(8);
        assertThat(pc.errors()).isEqualTo(1);
    }
}
