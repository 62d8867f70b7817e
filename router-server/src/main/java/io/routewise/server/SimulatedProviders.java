package io.routewise.server;

import io.routewise.config.ModelConfig;
import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.config.RoutewiseConfig;
import io.routewise.config.SimulationProfile;
import io.routewise.eval.EvalSetReader;
import io.routewise.simulator.SimulatorServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Teaches the simulator the reference answers of the evaluation sets in {@code evaluation.sets}
     * (those that exist), so an evaluation against simulated providers measures their configured
     * quality. Returns how many references were added.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed set
     */
    public static int loadEvalReferences(SimulatorServer simulator, RoutewiseConfig config) {
        List<Path> present = config.evaluation().sets().stream()
                .map(s -> io.routewise.config.InstallPaths.resolve(Path.of(s))).filter(Files::exists).toList();
        int added = 0;
        for (Path file : EvalSetReader.setFiles(present)) {
            added += simulator.references().load(file);
        }
        return added;
    }
}
