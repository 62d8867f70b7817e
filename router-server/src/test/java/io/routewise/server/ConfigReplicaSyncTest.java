package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.ConfigLoader;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config reloaded on one replica reaches the other replicas of its ledger within seconds. */
class ConfigReplicaSyncTest {

    @TempDir
    Path tmp;

    private static String config(String ledgerUrl, Path dir, String margin) {
        return """
                server: {port: 8080}
                providers:
                  - {name: sim, kind: simulator}
                models:
                  - {id: cheap, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 1}
                routing: {quality_margin: %s, health: {enabled: false}}
                ledger: {url: "%s"}
                evaluation: {weights_dir: "%s", report_dir: "%s"}
                """.formatted(margin, ledgerUrl, dir.resolve("weights"), dir.resolve("reports"));
    }

    private void twoReplicasConverge(String ledgerUrl) throws Exception {
        Path a = tmp.resolve("a.yaml");
        Path b = tmp.resolve("b.yaml");
        Files.writeString(a, config(ledgerUrl, tmp, "0.05"));
        Files.writeString(b, config(ledgerUrl, tmp, "0.05"));
        try (RunningRouter first = RouterLauncher.start(ConfigLoader.load(a),
                new RouterLauncher.Options("127.0.0.1", 0, true).withConfigFile(a), TestRoutingModel.classifier());
             RunningRouter second = RouterLauncher.start(ConfigLoader.load(b),
                     new RouterLauncher.Options("127.0.0.1", 0, true).withConfigFile(b), TestRoutingModel.classifier())) {
            String changed = config(ledgerUrl, tmp, "0.10");
            Files.writeString(a, changed);
            assertThat(first.reloadConfig()).startsWith("applied");
            String version = first.config().version();
            long start = System.nanoTime();
            // The replica applies the config, then writes it over its file: wait for both.
            while ((!second.config().version().equals(version) || !Files.readString(b).equals(changed))
                    && System.nanoTime() - start < Duration.ofSeconds(15).toNanos()) {
                Thread.sleep(100);
            }
            assertThat(second.config().version()).as("the second replica follows within 15 s").isEqualTo(version);
            assertThat(second.config().routing().qualityMargin()).isEqualTo(0.10);
            assertThat(Files.readString(b)).as("written over its file, so a restart keeps it").isEqualTo(changed);
            // The second replica's file watch sees its own file now holds the version in force: no flip-flop.
            Thread.sleep(2_500);
            assertThat(second.config().version()).isEqualTo(version);
            assertThat(first.config().version()).isEqualTo(version);
        }
    }

    @Test
    void onOneSqliteLedger() throws Exception {
        twoReplicasConverge("jdbc:sqlite:" + tmp.resolve("ledger.db"));
    }

    @Nested
    @RequiresPostgres
    class OnPostgres {
        @Test
        void onOnePostgresLedger() throws Exception {
            try (TestPostgres.Schema schema = TestPostgres.newSchema()) {
                twoReplicasConverge(schema.url());
            }
        }
    }
}
