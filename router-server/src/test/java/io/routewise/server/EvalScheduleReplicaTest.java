package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.RoutingWeights;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.eval.EvalJob;
import io.routewise.config.EvalSchedule;
import io.routewise.eval.store.EvalRun;
import io.routewise.eval.store.EvalRunStatus;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two router replicas sharing one ledger database both fire the same scheduled slot at once:
 * exactly one evaluation runs for it (the lease and the slot's uniqueness), and a later slot runs
 * again. On SQLite (one host) and PostgreSQL (several).
 */
class EvalScheduleReplicaTest {

    static final EvalSchedule DAILY = EvalSchedule.parse("0 3 * * *");
    static final RoutingWeights TRAINED = ModelDirectory.load(ShippedModelTest.SHIPPED).weights();

    @TempDir
    Path tmp;

    RoutewiseConfig config(String ledgerUrl) throws IOException {
        Path sets = tmp.resolve("sets");
        Files.createDirectories(sets);
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            items.append(String.format("{\"id\":\"sum-%02d\",\"task\":\"math\",\"complexity\":\"easy\","
                    + "\"prompt\":\"What is %d plus %d?\",\"reference\":\"%d\","
                    + "\"scorer\":{\"type\":\"numeric\",\"value\":%d}}%n", i, i, 7 * i, 8 * i, 8 * i));
        }
        Files.writeString(sets.resolve("sums.jsonl"), items);
        Path file = tmp.resolve("routewise.yaml");
        Files.writeString(file, """
                providers:
                  - {name: sim, kind: simulator}
                models:
                  - {id: m-one, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 32000,
                     max_output_tokens: 2048, capabilities: [streaming], tier: 2, simulate: {quality: 0.9}}
                  - {id: m-two, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.2, context_window: 32000,
                     max_output_tokens: 2048, capabilities: [streaming], tier: 1, simulate: {quality: 0.6}}
                ledger: {url: "%s"}
                evaluation:
                  schedule: "0 3 * * *"
                  sets: ["%s"]
                  weights_dir: "%s"
                  report_dir: "%s"
                """.formatted(ledgerUrl, sets, tmp.resolve("weights"), tmp.resolve("reports")));
        return ConfigLoader.load(file);
    }

    void oneRunPerSlotAcrossReplicas(RoutewiseConfig config) throws Exception {
        try (ProviderStack a = ProviderStack.open(config, true); ProviderStack b = ProviderStack.open(config, true)) {
            EvalJob jobA = new EvalJob(config, a.dispatcher(), a.ledger().attempts(), a.ledger().ledger(), TRAINED,
                    Clock.systemUTC());
            EvalJob jobB = new EvalJob(config, b.dispatcher(), b.ledger().attempts(), b.ledger().ledger(), TRAINED,
                    Clock.systemUTC());
            Instant slot = Instant.parse("2026-11-21T03:00:00Z");
            try (EvalScheduler sa = new EvalScheduler(DAILY, jobA, Clock.systemUTC(), () -> { });
                 EvalScheduler sb = new EvalScheduler(DAILY, jobB, Clock.systemUTC(), () -> { })) {
                CountDownLatch go = new CountDownLatch(1);
                Thread ta = new Thread(() -> await(go, () -> sa.fire(slot)));
                Thread tb = new Thread(() -> await(go, () -> sb.fire(slot)));
                ta.start();
                tb.start();
                go.countDown();
                ta.join();
                tb.join();
                // the later replica, after the first finished: the slot is taken
                sb.fire(slot);

                List<EvalRun> runs = jobA.store().recentRuns(10);
                assertThat(runs).hasSize(1);
                assertThat(runs.get(0).slot()).isEqualTo("0 3 * * *@" + slot);
                assertThat(runs.get(0).status()).isEqualTo(EvalRunStatus.COMPLETED);
                assertThat(runs.get(0).trigger()).isEqualTo("schedule");

                sb.fire(slot.plusSeconds(86_400));
                assertThat(jobA.store().recentRuns(10)).hasSize(2)
                        .allMatch(r -> r.status() == EvalRunStatus.COMPLETED);
            }
        }
    }

    private static void await(CountDownLatch go, Runnable r) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        r.run();
    }

    @Test
    void sqlite() throws Exception {
        oneRunPerSlotAcrossReplicas(config("jdbc:sqlite:" + tmp.resolve("ledger.db")));
    }

    @Nested
    @RequiresPostgres
    class OnPostgres {
        @Test
        void postgres() throws Exception {
            try (TestPostgres.Schema schema = TestPostgres.newSchema()) {
                oneRunPerSlotAcrossReplicas(config(schema.url()));
            }
        }
    }
}
