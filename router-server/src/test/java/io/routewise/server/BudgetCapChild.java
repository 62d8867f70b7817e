package io.routewise.server;

import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One router process of {@link BudgetToTheCapTest}: the config file given as the first argument with its
 * ledger at the PostgreSQL URL of the second; prints {@code PORT n} once it serves and drains its ledger
 * when terminated.
 */
public final class BudgetCapChild {

    private BudgetCapChild() {
    }

    public static void main(String[] args) throws Exception {
        RoutewiseConfig config = ConfigLoader.parse(Files.readString(Path.of(args[0])), args[0]);
        config = config.withLedger(config.ledger().withUrl(args[1]));
        RunningRouter router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true),
                TestRoutingModel.classifier());
        Runtime.getRuntime().addShutdownHook(new Thread(router::close, "budget-cap-child-shutdown"));
        System.out.println("PORT " + router.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
