package io.routewise.server;

import io.routewise.config.ModelConfig;
import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.config.RoutewiseConfig;
import io.routewise.config.SimulationProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Stands the built-in simulator in for providers that cannot be reached for real: those of kind
 * {@code simulator} and those without an API key. A redirected provider keeps its wire format, so
 * the demo exercises the same Anthropic and Gemini adapters that real traffic does.
 */
public final class SimulatedProviders {

    private SimulatedProviders() {
    }

    /** The simulator's per-model behaviour, keyed by upstream model name, for the providers that match. */
    public static Map<String, SimulationProfile> profiles(RoutewiseConfig config, Predicate<ProviderConfig> simulated) {
        Map<String, SimulationProfile> profiles = new LinkedHashMap<>();
        for (ModelConfig m : config.models()) {
            ProviderConfig p = config.provider(m.provider()).orElseThrow();
            if (simulated.test(p)) {
                profiles.putIfAbsent(m.upstreamModel(), m.simulate());
            }
        }
        return profiles;
    }

    /** The provider pointed at a simulator listening on {@code port} of the loopback address. */
    public static ProviderConfig redirect(ProviderConfig provider, int port) {
        String root = "http://127.0.0.1:" + port;
        return switch (provider.kind()) {
            case OPENAI, SIMULATOR -> provider.withEndpoint(ProviderKind.OPENAI, root + "/v1");
            case ANTHROPIC, GEMINI -> provider.withEndpoint(provider.kind(), root);
        };
    }
}
