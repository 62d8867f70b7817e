package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BudgetToTheCapTest}'s scenario on the embedded default: one router, a SQLite ledger. The cap is
 * spent to at least 90 %, never passed by more than one request's cost, and every refusal is a 429.
 */
class BudgetToTheCapSqliteTest {

    @TempDir
    Path dir;

    @Test
    void oneRouterOnSqliteSpendsTheCap() throws Exception {
        String yaml = String.format(Locale.ROOT, BudgetToTheCapTest.CONFIG, BudgetToTheCapTest.CAP_USD)
                + "ledger: {url: \"jdbc:sqlite:" + dir.resolve("ledger.db") + "\"}\n";
        RoutewiseConfig config = ConfigLoader.parse(yaml, "budget-to-the-cap-sqlite.yaml");
        int ok = 0;
        int refused = 0;
        List<String> other = new ArrayList<>();
        double spent;
        double maxCall;
        try (RunningRouter router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true),
                TestRoutingModel.classifier())) {
            BudgetTraffic.Counts counts = BudgetTraffic.send(List.of(router.baseUrl()), 10, 50, n -> String.format(
                    Locale.ROOT, "{\"model\":\"priced\",\"messages\":[{\"role\":\"user\",\"content\":\"Spend the "
                            + "budget, request %03d\"}]}", n));
            ok = counts.ok();
            refused = counts.refused();
            other.addAll(counts.other());
        }
        // Closing the router drained its ledger writer.
        try (io.routewise.ledger.Ledger ledger = io.routewise.ledger.Ledger.open(config.ledger())) {
            spent = BudgetTraffic.providerSpend(ledger).costUsd();
            maxCall = BudgetTraffic.mostOneCallCost(ledger);
        }
        String summary = String.format(Locale.ROOT, "one router, SQLite: %d answered, %d refused, spent $%.6f = %.1f %% "
                + "of the $%.2f cap", ok, refused, spent, 100 * spent / BudgetToTheCapTest.CAP_USD, BudgetToTheCapTest.CAP_USD);
        System.out.println("budget to the cap: " + summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "budget-to-the-cap-sqlite-summary.txt"), summary + "\n");
        assertThat(other).isEmpty();
        assertThat(ok + refused).isEqualTo(500);
        assertThat(spent).as(summary).isGreaterThanOrEqualTo(0.9 * BudgetToTheCapTest.CAP_USD);
        assertThat(spent).as(summary).isLessThanOrEqualTo(BudgetToTheCapTest.CAP_USD + maxCall);
    }
}
