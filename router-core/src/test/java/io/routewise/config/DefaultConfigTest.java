package io.routewise.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DefaultConfigTest {

    /** Tests run in router-core/; the shipped default lives at the repository root. */
    private static final Path ROOT_FILE = Path.of("..", "routewise.yaml");

    @Test
    void shippedDefaultLoadsAndValidates() {
        RoutewiseConfig config = ConfigLoader.load(ROOT_FILE);
        assertThat(config.models()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(config.providers()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(config.version()).matches("[0-9a-f]{12}");
    }

    @Test
    void classpathDefaultIsTheRootFile() throws IOException {
        String rootVersion = ConfigLoader.versionOf(Files.readAllBytes(ROOT_FILE));
        assertThat(ConfigLoader.loadDefault().version()).isEqualTo(rootVersion);
    }

    @Test
    void defaultCatalogCoversEveryRemoteWireFormatAndNoSimulatorModels() {
        RoutewiseConfig config = ConfigLoader.loadDefault();
        assertThat(config.providers()).extracting(ProviderConfig::kind)
                .contains(ProviderKind.OPENAI, ProviderKind.ANTHROPIC, ProviderKind.GEMINI)
                .doesNotContain(ProviderKind.SIMULATOR);
        Set<String> providersWithModels = config.models().stream().map(ModelConfig::provider).collect(Collectors.toSet());
        assertThat(providersWithModels).hasSizeGreaterThanOrEqualTo(6);
        assertThat(config.providers()).allSatisfy(p -> assertThat(p.apiKeyEnv()).endsWith("_API_KEY"));
    }

    @Test
    void everyDefaultModelIsPricedStreamsAndFallsBackToAnotherProviderWithItsCapabilities() {
        RoutewiseConfig config = ConfigLoader.loadDefault();
        for (ModelConfig model : config.models()) {
            assertThat(model.inputUsdPer1m()).as(model.id()).isPositive();
            assertThat(model.supports(Capability.STREAMING)).as(model.id()).isTrue();
            assertThat(model.tier()).as(model.id()).isBetween(1, 3);
            assertThat(model.fallbacks()).as(model.id()).isNotEmpty();
            for (String id : model.fallbacks()) {
                ModelConfig fallback = config.model(id).orElseThrow();
                assertThat(fallback.provider()).as(model.id() + " -> " + id).isNotEqualTo(model.provider());
                assertThat(fallback.capabilities()).as(model.id() + " -> " + id).containsAll(model.capabilities());
            }
        }
    }

    @Test
    void defaultRoutingUsesTwoCheapHotStandbysFromDifferentProviders() {
        RoutewiseConfig config = ConfigLoader.loadDefault();
        // The shipped config routes by the relative knob: no absolute target, a margin of 0.05.
        assertThat(config.routing().qualityTarget()).isNull();
        assertThat(config.routing().qualityMargin()).isEqualTo(0.05);
        assertThat(config.routing().hotStandby()).hasSize(2);
        Set<String> providers = config.routing().hotStandby().stream()
                .map(id -> config.model(id).orElseThrow())
                .peek(m -> assertThat(m.tier()).as(m.id()).isEqualTo(1))
                .map(ModelConfig::provider)
                .collect(Collectors.toSet());
        assertThat(providers).hasSize(2);
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().maxBodyBytes()).isEqualTo(10_485_760L);
        assertThat(config.ledger().url()).isEqualTo("jdbc:sqlite:data/routewise.db");
        assertThat(config.ledger().queueCapacity()).isEqualTo(10_000);
        assertThat(config.ledger().flushIntervalMs()).isEqualTo(200);
        assertThat(config.ledger().batchSize()).isEqualTo(500);
        assertThat(config.ledger().redactPrompts()).isEmpty();
        assertThat(config.logging().logPrompts()).isFalse();
        assertThat(config.budgets()).isEmpty();
    }

    /** Issue 11, safe defaults: nothing outside the machine reaches a router started as shipped. */
    @Test
    void listensOnLoopbackUnlessToldOtherwise() {
        assertThat(ConfigLoader.loadDefault().server().host()).isEqualTo("127.0.0.1");
        assertThat(new ServerConfig(null, null, null).host()).isEqualTo("127.0.0.1");
    }
}
