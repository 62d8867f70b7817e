package io.routewise.server;

import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import java.util.Locale;

/**
 * One router process of {@link BudgetRaceTest}: the race config with its ledger at the PostgreSQL
 * URL given as the argument; prints {@code PORT n} once it serves and drains its ledger when
 * terminated (SIGTERM runs the shutdown hook).
 */
public final class BudgetRaceChild {

    private BudgetRaceChild() {
    }

    public static void main(String[] args) throws Exception {
        RoutewiseConfig config = ConfigLoader.parse(String.format(Locale.ROOT, BudgetRaceTest.CONFIG,
                BudgetRaceTest.CAP_USD), "budget-race.yaml");
        config = config.withLedger(config.ledger().withUrl(args[0]));
        RunningRouter router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true),
                TestRoutingModel.classifier());
        Runtime.getRuntime().addShutdownHook(new Thread(router::close, "race-child-shutdown"));
        System.out.println("PORT " + router.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
