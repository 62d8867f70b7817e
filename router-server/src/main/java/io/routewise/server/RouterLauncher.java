package io.routewise.server;

import io.routewise.catalog.Catalog;
import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.config.RoutewiseConfig;
import io.routewise.dispatch.Dispatcher;
import io.routewise.providers.ApiKeys;
import io.routewise.providers.HttpProviderAdapter;
import io.routewise.providers.ProviderRegistry;
import io.routewise.providers.WireFormats;
import io.routewise.providers.openai.OpenAiWire;
import io.routewise.simulator.SimulatorServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts a router together from a validated config: providers (real, or the simulator standing in
 * for those without a key), the dispatcher, the HTTP layer; then starts it.
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
     */
    public record Options(String host, Integer port, boolean simulateAll) {
        public static final Options DEFAULT = new Options(null, null, false);
    }

    private RouterLauncher() {
    }

    public static RunningRouter start(RoutewiseConfig config, Options options) {
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
        try {
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
            Gateway gateway = new Gateway(config, Catalog.of(config), new Dispatcher(new ProviderRegistry(providers)),
                    OpenAiWire.INSTANCE, new RouterMetrics(), new RequestLog());
            String host = options.host() != null ? options.host() : config.server().host();
            int port = options.port() != null ? options.port() : config.server().port();
            RouterHttp http = new RouterHttp(gateway, () -> true).start(host, port);
            return new RunningRouter(http, simulator, config, simulatedNames, host);
        } catch (RuntimeException e) {
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
    }
}
