package io.routewise.server;

import io.routewise.classifier.RequestClassifier;
import io.routewise.config.RoutewiseConfig;
import io.routewise.ledger.LedgerRuntime;
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
    private final LedgerRuntime ledger;

    RunningRouter(RouterHttp http, SimulatorServer simulator, RoutewiseConfig config, List<String> simulatedProviders,
                  String host, RequestClassifier ownedClassifier, AtomicBoolean ready, Resilience resilience,
                  LedgerRuntime ledger) {
        this.ledger = ledger;
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

    /** The cost ledger: rows, budgets, spend, feedback. */
    public LedgerRuntime ledger() {
        return ledger;
    }

    /** Stops listening first, then drains the ledger writer (no request can add a row after that). */
    @Override
    public void close() {
        ready.set(false);
        try {
            resilience.close();
            try {
                http.close();
            } finally {
                ledger.close();
            }
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
