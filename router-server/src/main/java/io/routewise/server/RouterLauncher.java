package io.routewise.server;

import io.routewise.catalog.Catalog;
import io.routewise.classifier.RequestClassifier;
import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.config.RoutewiseConfig;
import io.routewise.dispatch.Dispatcher;
import io.routewise.ledger.BudgetCandidateFilter;
import io.routewise.ledger.LedgerRuntime;
import io.routewise.policy.CandidateFilter;
import io.routewise.resilience.Deployment;
import io.routewise.resilience.RequestNeeds;
import io.routewise.resilience.Resilience;
import java.time.Clock;
import io.routewise.policy.RoutingEngine;
import io.routewise.providers.ApiKeys;
import io.routewise.providers.HttpProviderAdapter;
import io.routewise.providers.ProviderRegistry;
import io.routewise.providers.WireFormats;
import io.routewise.providers.openai.OpenAiWire;
import io.routewise.simulator.SimulatorServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts a router together from a validated config and a model directory: the routing classifier
 * (loaded first, so a missing or corrupt model fails before anything starts), providers (real, or
 * the simulator standing in for those without a key), the dispatcher, the routing engine, the HTTP
 * layer; then starts it.
 */
public final class RouterLauncher {

    /** Seed of the stand-in simulator: the demo answers the same way every time. */
    private static final long SIMULATOR_SEED = 42L;

    /**
     * Start-up choices that override the config.
     *
     * @param host         listen address, or null for {@code server.host}
     * @param port         listen port, or null for {@code server.port} (0 picks a free one)
     * @param simulateAll  answer every provider from the simulator, keys or not
     * @param modelDir     the model directory {@code model: "auto"} routes with
     */
    public record Options(String host, Integer port, boolean simulateAll, Path modelDir) {
        public static final Options DEFAULT = new Options(null, null, false, null);

        public Options {
            modelDir = modelDir == null ? DEFAULT_MODEL_DIR : modelDir;
        }

        /** Options with the default model directory. */
        public Options(String host, Integer port, boolean simulateAll) {
            this(host, port, simulateAll, null);
        }
    }

    /**
     * Keeps out of a routing decision every deployment whose circuit is open, that failed its health
     * checks, cannot meet the request's latency budget, whose provider is saturated, or that is being
     * re-admitted and this request falls outside its share.
     */
    static CandidateFilter healthFilter(Resilience resilience) {
        // The engine asks about every model for one request in turn on one thread: estimate the
        // request's needs once, not once per model.
        ThreadLocal<Object[]> last = ThreadLocal.withInitial(() -> new Object[2]);
        return (model, request) -> {
            Object[] cached = last.get();
            if (cached[0] != request) {
                cached[0] = request;
                cached[1] = resilience.needs(request);
            }
            return resilience.candidates().exclusionReason(Deployment.of(model), (RequestNeeds) cached[1]);
        };
    }

    /** {@code models/default}, relative to the working directory (the launcher runs from the repository root). */
    public static final Path DEFAULT_MODEL_DIR = Path.of("models", "default");

    private RouterLauncher() {
    }

    /**
     * Loads {@code options.modelDir()} and starts a router with it; closing the router closes the model.
     *
     * @throws io.routewise.classifier.ModelDirectoryException when the model directory is missing or corrupt
     * @throws io.routewise.features.FeatureSpecMismatchException when its classifier needs other features
     */
    public static RunningRouter start(RoutewiseConfig config, Options options) {
        RequestClassifier classifier = RequestClassifier.load(options.modelDir());
        try {
            return start(config, options, classifier, true);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** Starts a router with a loaded classifier the caller owns ({@code options.modelDir()} is not read). */
    public static RunningRouter start(RoutewiseConfig config, Options options, RequestClassifier classifier) {
        return start(config, options, classifier, false);
    }

    private static RunningRouter start(RoutewiseConfig config, Options options, RequestClassifier classifier,
                                       boolean ownsClassifier) {
        Map<String, Optional<String>> keys = new HashMap<>();
        Set<String> simulated = new HashSet<>();
        for (ProviderConfig p : config.providers()) {
            Optional<String> key = p.kind() == ProviderKind.SIMULATOR ? Optional.empty() : ApiKeys.resolve(p);
            keys.put(p.name(), key);
            if (options.simulateAll() || key.isEmpty()) {
                simulated.add(p.name());
            }
        }

        SimulatorServer simulator = null;
        if (!simulated.isEmpty()) {
            simulator = new SimulatorServer(SimulatedProviders.profiles(config, p -> simulated.contains(p.name())),
                    SIMULATOR_SEED);
            simulator.start("127.0.0.1", 0);
        }
        Resilience resilience = null;
        LedgerRuntime ledger = null;
        try {
            // Opens and migrates the ledger first: a bad ledger URL fails before anything listens.
            ledger = LedgerRuntime.start(config);
            List<String> simulatedNames = new ArrayList<>();
            Map<String, ProviderRegistry.Provider> providers = new HashMap<>();
            for (ProviderConfig p : config.providers()) {
                ProviderConfig effective = p;
                String key = keys.get(p.name()).orElse(null);
                if (simulated.contains(p.name())) {
                    effective = SimulatedProviders.redirect(p, simulator.port());
                    key = null;
                    simulatedNames.add(p.name());
                }
                HttpProviderAdapter adapter = new HttpProviderAdapter(effective, WireFormats.forKind(effective.kind()),
                        HttpProviderAdapter.sharedClient(effective.connectTimeoutMs()), key);
                providers.put(p.name(), new ProviderRegistry.Provider(effective, adapter));
            }
            ProviderRegistry registry = new ProviderRegistry(providers);
            resilience = Resilience.create(config, registry, Clock.systemUTC());
            List<CandidateFilter> filters = new ArrayList<>(List.of(healthFilter(resilience)));
            if (!config.budgets().isEmpty()) {
                filters.add(new BudgetCandidateFilter(ledger.budgets()));
            }
            RoutingEngine engine = RoutingEngine.forCatalog(classifier, config, filters);
            RouterMetrics metrics = new RouterMetrics();
            metrics.bind(resilience, config.providers().stream().map(ProviderConfig::name).toList());
            metrics.bind(ledger.writer());
            Gateway gateway = new Gateway(config, Catalog.of(config), new Dispatcher(registry, resilience),
                    engine, OpenAiWire.INSTANCE, metrics, new RequestLog(), ledger);
            String host = options.host() != null ? options.host() : config.server().host();
            int port = options.port() != null ? options.port() : config.server().port();
            // The model is loaded before the server listens; /ready turns true once everything has
            // started and false again when the router starts closing (load balancers drain it).
            AtomicBoolean ready = new AtomicBoolean();
            RouterHttp http = new RouterHttp(gateway, ready::get).start(host, port);
            resilience.startHealthChecks();
            ready.set(true);
            return new RunningRouter(http, simulator, config, simulatedNames, host, ownsClassifier ? classifier : null,
                    ready, resilience, ledger);
        } catch (RuntimeException e) {
            if (resilience != null) {
                resilience.close();
            }
            if (ledger != null) {
                ledger.close();
            }
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
    }
}
