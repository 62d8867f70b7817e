package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.classifier.weights.WeightsStore;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two routers on one PostgreSQL ledger route with one routing-weights version, whoever changes it. */
@RequiresPostgres
class WeightsReplicaSyncTest {

    @TempDir
    Path tmp;

    private RoutewiseConfig config(String url, String replica) {
        return ConfigLoader.parse("""
                server: {port: 8080}
                providers:
                  - {name: sim, kind: simulator}
                models:
                  - {id: cheap, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 1}
                routing: {health: {enabled: false}}
                ledger: {url: "%s"}
                evaluation: {weights_dir: "%s", report_dir: "%s", reload_interval_s: 1}
                """.formatted(url, tmp.resolve(replica + "-weights"), tmp.resolve(replica + "-reports")), replica + ".yaml");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    @Test
    void aNewVersionOnOneReplicaAndARollbackOnTheOtherReachBoth() throws Exception {
        try (TestPostgres.Schema schema = TestPostgres.newSchema();
             RunningRouter a = RouterLauncher.start(config(schema.url(), "a"), new RouterLauncher.Options("127.0.0.1", 0, true),
                     TestRoutingModel.classifier());
             RunningRouter b = RouterLauncher.start(config(schema.url(), "b"), new RouterLauncher.Options("127.0.0.1", 0, true),
                     TestRoutingModel.classifier())) {
            // What a recalibration on replica a does: a new version in its folder.
            new WeightsStore(tmp.resolve("a-weights")).write(TestRoutingModel.classifier().weights(), "recalibrated", "run-1");
            await(() -> b.weightsVersion() == 1);
            assertThat(a.weightsVersion()).isEqualTo(1);
            assertThat(b.weightsVersion()).as("replica b follows within seconds").isEqualTo(1);
            assertThat(new WeightsStore(tmp.resolve("b-weights")).list()).as("copied into b's folder").hasSize(1);

            // routewise weights rollback on replica b's folder: a follows back to the training weights.
            new WeightsStore(tmp.resolve("b-weights")).rollback();
            await(() -> a.weightsVersion() == 0);
            assertThat(a.weightsVersion()).isZero();
            assertThat(b.weightsVersion()).isZero();
        }
    }
}
