package io.routewise.server;

import io.routewise.classifier.RequestClassifier;
import io.routewise.config.RoutewiseConfig;
import io.routewise.eval.EvalJob;
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
    private final ProviderStack stack;
    private final RoutewiseConfig config;
    private final String host;
    private final RequestClassifier ownedClassifier;
    private final AtomicBoolean ready;
    private final WeightsReloader weights;
    private final EvalScheduler scheduler;
    private final EvalJob evalJob;
    private final boolean adminConfigured;

    RunningRouter(RouterHttp http, ProviderStack stack, RoutewiseConfig config, String host,
                  RequestClassifier ownedClassifier, AtomicBoolean ready, WeightsReloader weights,
                  EvalScheduler scheduler, EvalJob evalJob, boolean adminConfigured) {
        this.adminConfigured = adminConfigured;
        this.http = http;
        this.stack = stack;
        this.config = config;
        this.host = host;
        this.ownedClassifier = ownedClassifier;
        this.ready = ready;
        this.weights = weights;
        this.scheduler = scheduler;
        this.evalJob = evalJob;
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
        return stack.simulator();
    }

    /** Whether an admin credential was configured (so {@code /admin/*} is usable). */
    public boolean adminConfigured() {
        return adminConfigured;
    }

    /** Names of the providers the simulator answers for. */
    public List<String> simulatedProviders() {
        return stack.simulatedProviders();
    }

    /** The router's breakers, health checks, latency tracking and provider limits. */
    public Resilience resilience() {
        return stack.resilience();
    }

    /** The cost ledger: rows, budgets, spend, feedback. */
    public LedgerRuntime ledger() {
        return stack.ledger();
    }

    /** The drift evaluation wired to this router's providers, resilience layer and ledger. */
    public EvalJob evalJob() {
        return evalJob;
    }

    /**
     * Loads the current routing-weights version now instead of at the next poll.
     *
     * @return the version routed with afterwards (0: the model directory's own)
     */
    public int reloadWeights() {
        weights.reload();
        return weights.version();
    }

    /** The routing-weights version routed with (0: the model directory's own). */
    public int weightsVersion() {
        return weights.version();
    }

    /**
     * Stops the schedule and the weights poller, stops listening, then closes the provider stack
     * (health checks, the ledger writer drained, the simulator): no request can add a row after that.
     */
    @Override
    public void close() {
        ready.set(false);
        try {
            if (scheduler != null) {
                scheduler.close();
            }
            weights.close();
            try {
                http.close();
            } finally {
                stack.close();
            }
        } finally {
            if (ownedClassifier != null) {
                ownedClassifier.close();
            }
        }
    }
}
