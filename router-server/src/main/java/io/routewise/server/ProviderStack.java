package io.routewise.server;

import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.config.RoutewiseConfig;
import io.routewise.dispatch.Dispatcher;
import io.routewise.ledger.LedgerRuntime;
import io.routewise.providers.ApiKeys;
import io.routewise.providers.HttpProviderAdapter;
import io.routewise.providers.ProviderRegistry;
import io.routewise.providers.WireFormats;
import io.routewise.resilience.Resilience;
import io.routewise.simulator.SimulatorServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything between a decision and a provider, opened from a config: the providers (real, or the
 * built-in simulator standing in for those without a key, taught the evaluation sets' reference
 * answers), the resilience layer, the cost ledger and the dispatcher over them. The router serves
 * through one; {@code routewise eval} evaluates through one. Closing stops health checks, drains the
 * ledger and stops the simulator.
 */
public final class ProviderStack implements AutoCloseable {

    /** Seed of the stand-in simulator: the demo answers the same way every time. */
    private static final long SIMULATOR_SEED = 42L;

    private final SimulatorServer simulator;
    private final boolean simulateAll;
    private volatile List<String> simulatedProviders;
    private final Resilience resilience;
    private final LedgerRuntime ledger;
    private volatile ProviderRegistry registry;
    private volatile Dispatcher dispatcher;

    private ProviderStack(SimulatorServer simulator, boolean simulateAll, List<String> simulatedProviders,
                          Resilience resilience, LedgerRuntime ledger, ProviderRegistry registry) {
        this.simulator = simulator;
        this.simulateAll = simulateAll;
        this.simulatedProviders = List.copyOf(simulatedProviders);
        this.resilience = resilience;
        this.ledger = ledger;
        this.registry = registry;
        this.dispatcher = new Dispatcher(registry, resilience);
    }

    /**
     * Opens the stack. Health checks are not started ({@link Resilience#startHealthChecks}).
     *
     * @param simulateAll answer every provider from the simulator, keys or not
     * @throws io.routewise.ledger.LedgerException when the ledger cannot be opened
     */
    public static ProviderStack open(RoutewiseConfig config, boolean simulateAll) {
        return open(config, simulateAll, presented -> false);
    }

    /**
     * @param controlCheck accepts the credential the simulator's control API ({@code /_sim/*}) needs: the
     *                     router's admin credential; refusing everything turns it off
     */
    public static ProviderStack open(RoutewiseConfig config, boolean simulateAll,
                                     java.util.function.Predicate<String> controlCheck) {
        Map<String, Optional<String>> keys = new HashMap<>();
        Set<String> simulated = new HashSet<>();
        for (ProviderConfig p : config.providers()) {
            Optional<String> key = p.kind() == ProviderKind.SIMULATOR ? Optional.empty() : ApiKeys.resolve(p);
            keys.put(p.name(), key);
            if (simulateAll || key.isEmpty()) {
                simulated.add(p.name());
            }
        }
        SimulatorServer simulator = null;
        LedgerRuntime ledger = null;
        try {
            if (!simulated.isEmpty()) {
                simulator = new SimulatorServer(SimulatedProviders.profiles(config, p -> simulated.contains(p.name())),
                        SIMULATOR_SEED);
                // Its control API steers every simulated provider: the router's admin only.
                simulator.requireControlCredential(controlCheck);
                simulator.start("127.0.0.1", 0);
                SimulatedProviders.loadEvalReferences(simulator, config);
            }
            // Opens and migrates the ledger first: a bad ledger URL fails before anything listens.
            ledger = LedgerRuntime.start(config);
            List<String> simulatedNames = new ArrayList<>();
            ProviderRegistry registry = registry(config, keys, simulated, simulator, Map.of(), simulatedNames);
            Resilience resilience = Resilience.create(config, registry, Clock.systemUTC());
            return new ProviderStack(simulator, simulateAll, simulatedNames, resilience, ledger, registry);
        } catch (RuntimeException e) {
            if (ledger != null) {
                ledger.close();
            }
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
    }

    /** The providers of {@code config}: {@code previous} ones whose settings did not change are kept as they are. */
    private static ProviderRegistry registry(RoutewiseConfig config, Map<String, Optional<String>> keys, Set<String> simulated,
                                             SimulatorServer simulator, Map<String, ProviderRegistry.Provider> previous,
                                             List<String> simulatedNames) {
        Map<String, ProviderRegistry.Provider> providers = new HashMap<>();
        for (ProviderConfig p : config.providers()) {
            ProviderConfig effective = p;
            String key = keys.get(p.name()).orElse(null);
            if (simulated.contains(p.name())) {
                effective = SimulatedProviders.redirect(p, simulator.port());
                key = null;
                simulatedNames.add(p.name());
            }
            ProviderRegistry.Provider kept = previous.get(p.name());
            if (kept != null && kept.config().equals(effective)) {
                providers.put(p.name(), kept);
                continue;
            }
            HttpProviderAdapter adapter = new HttpProviderAdapter(effective, WireFormats.client(effective.kind()),
                    HttpProviderAdapter.sharedClient(effective.connectTimeoutMs()), key);
            providers.put(p.name(), new ProviderRegistry.Provider(effective, adapter));
        }
        return new ProviderRegistry(providers);
    }

    /**
     * Applies a reloaded config: providers whose settings did not change keep their adapter, changed or
     * new ones get a new one, the simulator learns the simulated models' new profiles, the resilience
     * layer keeps what it knows of unchanged deployments ({@link Resilience#reconfigure}), budgets and
     * prompt logging take the new values. Requests in flight finish on the dispatcher they started with.
     *
     * @return the dispatcher over the new providers
     * @throws io.routewise.config.ConfigException when a provider has no API key (so needs the simulator)
     *                                             and this router started without one
     */
    public synchronized Dispatcher reconfigure(RoutewiseConfig config) {
        Map<String, Optional<String>> keys = new HashMap<>();
        Set<String> simulated = new HashSet<>();
        for (ProviderConfig p : config.providers()) {
            Optional<String> key = p.kind() == ProviderKind.SIMULATOR ? Optional.empty() : ApiKeys.resolve(p);
            keys.put(p.name(), key);
            if (simulateAll || key.isEmpty()) {
                simulated.add(p.name());
                if (simulator == null) {
                    throw new io.routewise.config.ConfigException("the reloaded config", io.routewise.config.ConfigProblem.at(
                            "providers", "provider '" + p.name() + "' has no API key, so the built-in simulator would "
                            + "answer for it, and this router started without one: set its key or restart the router"),
                            null);
                }
            }
        }
        if (simulator != null) {
            SimulatedProviders.profiles(config, p -> simulated.contains(p.name())).forEach(simulator::setProfile);
        }
        List<String> simulatedNames = new ArrayList<>();
        Map<String, ProviderRegistry.Provider> previous = new HashMap<>();
        for (String name : registry.names()) {
            previous.put(name, registry.get(name));
        }
        ProviderRegistry next = registry(config, keys, simulated, simulator, previous, simulatedNames);
        resilience.reconfigure(config, next);
        ledger.reconfigure(config);
        registry = next;
        simulatedProviders = List.copyOf(simulatedNames);
        dispatcher = new Dispatcher(next, resilience);
        return dispatcher;
    }

    /** The simulator standing in for providers, when one was started. */
    public Optional<SimulatorServer> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** Names of the providers the simulator answers for. */
    public List<String> simulatedProviders() {
        return simulatedProviders;
    }

    public Resilience resilience() {
        return resilience;
    }

    public LedgerRuntime ledger() {
        return ledger;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        try {
            resilience.close();
        } finally {
            try {
                ledger.close();
            } finally {
                if (simulator != null) {
                    simulator.close();
                }
            }
        }
    }
}
