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
    private final ServingState serving;
    private final String host;
    private final RequestClassifier ownedClassifier;
    private final AtomicBoolean ready;
    private final WeightsReloader weights;
    private final EvalScheduler scheduler;
    private final EvalJob evalJob;
    private final boolean adminConfigured;
    private final ConfigReloader configs;

    RunningRouter(RouterHttp http, ProviderStack stack, ServingState serving, String host,
                  RequestClassifier ownedClassifier, AtomicBoolean ready, WeightsReloader weights,
                  EvalScheduler scheduler, EvalJob evalJob, boolean adminConfigured, ConfigReloader configs) {
        this.adminConfigured = adminConfigured;
        this.configs = configs;
        this.http = http;
        this.stack = stack;
        this.serving = serving;
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

    /** The config in force now (a reload replaces it). */
    public RoutewiseConfig config() {
        return serving.current().config();
    }

    /**
     * Reloads the config file now, as a change on disk, {@code SIGHUP} or {@code POST /admin/config/reload}
     * would.
     *
     * @return {@code applied}, {@code unchanged} or {@code refused}, with the version in force afterwards
     */
    public String reloadConfig() {
        ConfigReloader.Result r = configs.reload("admin");
        return r.status().name().toLowerCase(java.util.Locale.ROOT) + " " + r.version();
    }

    /**
     * Reloads the config file on {@code SIGHUP} (for {@code routewise serve}; a signal handler is one per
     * process). Does nothing where the platform has no such signal.
     */
    public void reloadOnHangup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> configs.reload("signal"));
        } catch (IllegalArgumentException e) {
            // No SIGHUP here (Windows): the file watch and the admin endpoint still reload.
        }
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
            configs.close();
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
