package io.routewise.server;

import io.routewise.classifier.RequestClassifier;
import io.routewise.config.RoutewiseConfig;
import io.routewise.resilience.Resilience;
import io.routewise.simulator.SimulatorServer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A started router (and the simulator standing in for providers, if any). Closing stops both and
 * closes the routing classifier when the router loaded it.
 */
public final class RunningRouter implements AutoCloseable {

    private final RouterHttp http;
    private final SimulatorServer simulator;
    private final RoutewiseConfig config;
    private final List<String> simulatedProviders;
    private final String host;
    private final RequestClassifier ownedClassifier;
    private final AtomicBoolean ready;
    private final Resilience resilience;

    RunningRouter(RouterHttp http, SimulatorServer simulator, RoutewiseConfig config, List<String> simulatedProviders,
                  String host, RequestClassifier ownedClassifier, AtomicBoolean ready, Resilience resilience) {
        this.resilience = resilience;
        this.ownedClassifier = ownedClassifier;
        this.ready = ready;
        this.http = http;
        this.simulator = simulator;
        this.config = config;
        this.simulatedProviders = List.copyOf(simulatedProviders);
        this.host = host;
    }

    public int port() {
        return http.port();
    }

    public String host() {
        return host;
    }

    /** {@code http://127.0.0.1:<port>} — the address tests and benchmarks call. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public RoutewiseConfig config() {
        return config;
    }

    /** The simulator that answers for providers without keys, when one was started. */
    public Optional<SimulatorServer> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** Names of the providers the simulator answers for. */
    public List<String> simulatedProviders() {
        return simulatedProviders;
    }

    /** The router's breakers, health checks, latency tracking and provider limits. */
    public Resilience resilience() {
        return resilience;
    }

    @Override
    public void close() {
        ready.set(false);
        try {
            resilience.close();
            http.close();
            if (simulator != null) {
                simulator.close();
            }
        } finally {
            if (ownedClassifier != null) {
                ownedClassifier.close();
            }
        }
    }
}
