package io.routewise.cli;

import io.routewise.config.RoutewiseConfig;
import io.routewise.server.SimulatedProviders;
import io.routewise.simulator.SimulatorServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code routewise simulate}: the provider simulator alone. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run the built-in provider simulator alone.",
                "It speaks OpenAI (/v1/chat/completions), Anthropic (/v1/messages) and Gemini",
                "(/v1beta/models/{model}:generateContent); models behave as their `simulate` blocks in the config say."})
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listen address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "8090", description = "Listen port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed for latencies, errors and answers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
        RoutewiseConfig cfg = config.load();
        SimulatorServer simulator = new SimulatorServer(SimulatedProviders.profiles(cfg, p -> true), seed);
        simulator.start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.err.printf("routewise: simulator listening on http://%s:%d%n", host, simulator.port());
        stopped.await();
        return 0;
    }
}
