package io.routewise.server;

import io.routewise.config.RoutewiseConfig;

/**
 * A router process for {@link ServerHardKillTest}: the test catalog with its ledger at the SQLite file
 * given as the argument; prints {@code PORT n} once it serves, then runs until it is killed.
 */
public final class RouterCrashChild {

    private RouterCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        RoutewiseConfig config = RouterTestBase.testConfig();
        config = config.withLedger(config.ledger().withUrl("jdbc:sqlite:" + args[0]));
        RunningRouter router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, false),
                TestRoutingModel.classifier());
        System.out.println("PORT " + router.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
