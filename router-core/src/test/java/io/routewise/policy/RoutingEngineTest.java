package io.routewise.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.RoutingOptions;
import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.ModelDirectoryException;
import io.routewise.classifier.RequestClassifier;
import io.routewise.config.ConfigLoader;
import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.features.FeatureSpecMismatchException;
import io.routewise.features.FeaturizerSpec;
import io.routewise.json.Json;
import io.routewise.providers.openai.OpenAiApiCodec;
import io.routewise.testing.TestFeaturizer;
import io.routewise.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on a real featurizer and a real ONNX classifier whose behaviour is set by
 * hand ({@link TestModels#standard}): plain prompts are {@code easy.chat}, fenced code
 * {@code hard.code}.
 */
class RoutingEngineTest {

    static final String CATALOG = """
            providers:
              - {name: sim, kind: simulator}
            models:
              - {id: small-text, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 4096,
                 max_output_tokens: 1024, capabilities: [streaming], tier: 1}
              - {id: small-tools, provider: sim, input_usd_per_1m: 0.3, output_usd_per_1m: 1.2, context_window: 128000,
                 max_output_tokens: 8192, capabilities: [tools, json, streaming], tier: 1}
              - {id: big, provider: sim, input_usd_per_1m: 3, output_usd_per_1m: 15, context_window: 200000,
                 max_output_tokens: 8192, capabilities: [tools, json, vision, streaming], tier: 3}
              - {id: unweighted, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 4, context_window: 32000,
                 max_output_tokens: 4096, capabilities: [streaming], tier: 2}
              - {id: batch-only, provider: sim, input_usd_per_1m: 5, output_usd_per_1m: 20, context_window: 32000,
                 max_output_tokens: 4096, capabilities: [tools, json, vision, streaming], tier: 1, pool: batch}
              - {id: switched-off, provider: sim, input_usd_per_1m: 0.01, output_usd_per_1m: 0.01, context_window: 32000,
                 max_output_tokens: 4096, tier: 1, enabled: false}
            routing: {quality_target: 0.7, hot_standby: [small-tools, small-text]}
            """;

    static Path modelDir;
    static RequestClassifier classifier;
    static RoutewiseConfig config;
    static RoutingEngine engine;

    @BeforeAll
    static void load(@TempDir Path tmp) {
        modelDir = TestModels.standard(TestFeaturizer.shared().spec())
                // quality per class: easy.chat, hard.code, hard.math
                .model("small-text", 0.0002, 0.9, 0.3, 0.3)
                .model("small-tools", 0.0006, 0.88, 0.5, 0.4)
                .model("big", 0.01, 0.95, 0.92, 0.9)
                .model("batch-only", null, 0.99, 0.99, 0.99)
                .model("logs-only", null, 0.6, 0.6, 0.6)
                .write(tmp.resolve("model"));
        classifier = RequestClassifier.open(ModelDirectory.load(modelDir), TestFeaturizer.shared());
        config = ConfigLoader.parse(CATALOG, "engine-test.yaml");
        engine = RoutingEngine.forCatalog(classifier, config, List.of());
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    static ChatRequest request(String json) {
        try {
            return OpenAiApiCodec.INSTANCE.decodeRequest(Json.MAPPER.readTree(json), null);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ChatRequest ask(String text) {
        return request("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":" + Json.MAPPER.valueToTree(text) + "}]}");
    }

    static final String CODE = "Why does this fail?\n```java\nint x = \"a\";\nreturn x;\n```";

    @Test
    void plainPromptGoesToTheCheapestAdequateModel() {
        RouteDecision d = engine.decide(ask("What is the capital of France?"), "r1", RoutingOptions.NONE);
        assertThat(d.topClass()).isEqualTo("easy.chat");
        assertThat(d.model()).isEqualTo("small-text");
        assertThat(d.provider()).isEqualTo("sim");
        assertThat(d.expectedQuality()).isGreaterThanOrEqualTo(0.7);
        assertThat(d.reasons().get(0)).contains("small-text").contains("cheapest");
    }

    @Test
    void aDirectoryWithoutATierPriorReportsNoEase() {
        RouteDecision d = engine.decide(ask("What is the capital of France?"), "r1", RoutingOptions.NONE);
        assertThat(d.ease()).isNull();
        assertThat(d.reasons()).noneMatch(r -> r.contains("ease"));
    }

    @Test
    void codePromptIsClassifiedHardAndGoesToTheStrongModel() {
        RouteDecision d = engine.decide(ask(CODE), "r2", new RoutingOptions(0.85, null, null, null));
        assertThat(d.topClass()).isEqualTo("hard.code");
        assertThat(d.task()).isEqualTo("code");
        assertThat(d.model()).isEqualTo("big");
        assertThat(d.classProbabilities().get("hard.code")).isGreaterThan(0.9f);
    }

    @Test
    void raisingTheQualityTargetMovesTheDecisionToAStrongerModel() {
        ChatRequest easy = ask("What is the capital of France?");
        RouteDecision low = engine.decide(easy, "r", new RoutingOptions(0.5, null, null, null));
        RouteDecision high = engine.decide(easy, "r", new RoutingOptions(0.93, null, null, null));
        assertThat(low.model()).isEqualTo("small-text");
        assertThat(high.model()).isEqualTo("big");
        assertThat(high.expectedCostUsd()).isGreaterThan(low.expectedCostUsd());
        assertThat(low.qualityTarget()).isEqualTo(0.5);
        assertThat(engine.decide(easy, "r", RoutingOptions.NONE).qualityTarget()).isEqualTo(0.7);
    }

    @Test
    void toolsRequestNeverGoesToAModelWithoutTools() {
        ChatRequest tools = request("""
                {"model":"auto","messages":[{"role":"user","content":"What is the weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}]}""");
        for (double target : new double[] {0.0, 0.5, 0.7, 0.9, 1.0}) {
            RouteDecision d = engine.decide(tools, "r", new RoutingOptions(target, null, null, null));
            assertThat(d.model()).isNotIn("small-text", "unweighted");
            assertThat(d.fallbacks()).extracting(RouteDecision.Fallback::model).doesNotContain("small-text", "unweighted");
            assertThat(chain(engine, d, tools))
                    .doesNotContain("small-text", "unweighted");
        }
        RouteDecision d = engine.decide(tools, "r", RoutingOptions.NONE);
        assertThat(d.model()).isEqualTo("small-tools");
        assertThat(d.reasons()).contains("small-text excluded: lacks tools");
    }

    @Test
    void visionJsonAndContextNeedsExcludeModelsWithReasons() {
        ChatRequest image = request("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""");
        RouteDecision d = engine.decide(image, "r", RoutingOptions.NONE);
        assertThat(d.model()).isEqualTo("big");
        assertThat(d.reasons()).contains("small-tools excluded: lacks vision");

        ChatRequest json = request("""
                {"model":"auto","messages":[{"role":"user","content":"List three colours."}],
                 "response_format":{"type":"json_object"}}""");
        assertThat(engine.decide(json, "r", RoutingOptions.NONE).reasons()).contains("small-text excluded: lacks json");

        ChatRequest longAnswer = request("""
                {"model":"auto","max_tokens":5000,"messages":[{"role":"user","content":"Tell me a story."}]}""");
        RouteDecision story = engine.decide(longAnswer, "r", RoutingOptions.NONE);
        assertThat(story.model()).isNotEqualTo("small-text");
        assertThat(story.reasons()).anySatisfy(r -> assertThat(r).startsWith("small-text excluded: max_tokens 5000"));
    }

    @Test
    void disabledAndOtherPoolModelsAreNotCandidates() {
        // Only batch-only reaches 0.97; an interactive request may not use it.
        RouteDecision d = engine.decide(ask("hello"), "r", new RoutingOptions(0.97, null, null, "interactive"));
        assertThat(d.model()).isNotEqualTo("batch-only");
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).startsWith("batch-only excluded: serves the batch pool"));
        assertThat(d.reasons()).noneSatisfy(r -> assertThat(r).contains("switched-off"));
        assertThat(d.fallbacks()).extracting(RouteDecision.Fallback::model).doesNotContain("switched-off", "batch-only");
        // A request that names no pool is interactive.
        assertThat(engine.decide(ask("hello"), "r", new RoutingOptions(0.97, null, null, null)).model())
                .isNotEqualTo("batch-only");
        assertThat(engine.decide(ask("hello"), "r", new RoutingOptions(0.97, null, null, "batch")).model())
                .isEqualTo("batch-only");
    }

    @Test
    void aModelWithoutRoutingWeightsGetsTheMeanRowOfTheWeightedModels() {
        // Per class (easy.chat, hard.code, hard.math), the mean over the five weighted models.
        double[] mean = {(0.9 + 0.88 + 0.95 + 0.99 + 0.6) / 5, (0.3 + 0.5 + 0.92 + 0.99 + 0.6) / 5,
            (0.3 + 0.4 + 0.9 + 0.99 + 0.6) / 5};
        RouteDecision d = engine.decide(ask(CODE), "r", new RoutingOptions(0.6, null, null, null));
        assertThat(d.model()).isEqualTo("unweighted");
        double expected = 0;
        int c = 0;
        for (float p : d.classProbabilities().values()) {
            expected += p * mean[c++];
        }
        assertThat(d.expectedQuality()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void expectedCostIsListPriceTimesInputAndExpectedOutput() {
        ChatRequest easy = ask("What is the capital of France?");
        RouteDecision d = engine.decide(easy, "r", new RoutingOptions(null, null, null, "interactive"));
        int input = io.routewise.catalog.Requirements.estimateInputTokens(easy);
        assertThat(d.expectedCostUsd()).isCloseTo((input * 0.1 + 300 * 0.4) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        ChatRequest capped = request("""
                {"model":"auto","max_tokens":20,"messages":[{"role":"user","content":"What is the capital of France?"}]}""");
        RouteDecision c = engine.decide(capped, "r", new RoutingOptions(null, null, null, "interactive"));
        assertThat(c.expectedCostUsd()).isCloseTo((input * 0.1 + 20 * 0.4) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aModelWhoseAnswersRunLongIsPricedAtItsOwnMeanLength() {
        // small-text is the cheaper at list price, but its answers run to 4,000 tokens where small-tools' run to 200
        AnswerLengths lengths = model -> model.equals("small-text") ? java.util.OptionalInt.of(4000)
                : model.equals("small-tools") ? java.util.OptionalInt.of(200) : java.util.OptionalInt.empty();
        RoutingEngine priced = RoutingEngine.forCatalog(classifier, classifier.weights(), null, config, List.of(), lengths);
        ChatRequest easy = ask("What is the capital of France?");
        int input = io.routewise.catalog.Requirements.estimateInputTokens(easy);
        RoutingOptions interactive = new RoutingOptions(null, null, null, "interactive");
        RouteDecision d = priced.decide(easy, "r", interactive);
        assertThat(d.model()).isEqualTo("small-tools");
        assertThat(d.expectedCostUsd()).isCloseTo((input * 0.3 + 200 * 1.2) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        // a model the lengths do not know is priced at the configured length
        assertThat(priced.decide(easy, "r", interactive.onlyModels(java.util.Set.of("big"))).expectedCostUsd()).isCloseTo((input * 3 + 300 * 15) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        // max_tokens still caps what a call can produce: at 20 tokens each, list price decides again
        ChatRequest capped = request("""
                {"model":"auto","max_tokens":20,"messages":[{"role":"user","content":"What is the capital of France?"}]}""");
        RouteDecision c = priced.decide(capped, "r", interactive);
        assertThat(c.model()).isEqualTo("small-text");
        assertThat(c.expectedCostUsd()).isCloseTo((input * 0.1 + 20 * 0.4) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void candidateFiltersExcludeWithTheirReason() {
        RoutingEngine unhealthy = RoutingEngine.forCatalog(classifier, config,
                List.of(r -> m -> m.id().equals("small-text")
                        ? io.routewise.catalog.Exclusion.of(io.routewise.catalog.Exclusion.Cause.BREAKER_OPEN, "circuit open") : null));
        RouteDecision d = unhealthy.decide(ask("hello"), "r", new RoutingOptions(null, null, null, "interactive"));
        assertThat(d.model()).isNotEqualTo("small-text");
        assertThat(d.reasons()).contains("small-text excluded: circuit open");
    }

    @Test
    void chainIsTheDecisionThenItsFallbacksThenEligibleHotStandbys() {
        ChatRequest easy = ask("hello");
        RouteDecision cheapOnly = engine.decide(easy, "r", new RoutingOptions(null, 0.0002, null, "interactive"));
        assertThat(cheapOnly.model()).isEqualTo("small-text");
        assertThat(cheapOnly.fallbacks()).isEmpty();
        assertThat(chain(engine, cheapOnly, easy))
                .containsExactly("small-text", "small-tools");
    }

    @Test
    void healthExcludesTrippedAndTooSlowDeploymentsWithTheirReasonsButKeepsHotStandbysInTheChain() {
        io.routewise.resilience.Resilience res = io.routewise.resilience.Resilience.create(config, d -> { },
                java.time.Clock.systemUTC(), new java.util.Random(3));
        io.routewise.resilience.Deployment smallText = new io.routewise.resilience.Deployment("sim", "small-text");
        io.routewise.resilience.Deployment smallTools = new io.routewise.resilience.Deployment("sim", "small-tools");
        for (int i = 0; i < 5; i++) {
            res.breakers().tryAcquirePermission(smallText);
            res.breakers().recordFailure(smallText, io.routewise.providers.ProviderException.Kind.SERVER_ERROR,
                    java.time.Duration.ofMillis(5));
        }
        for (int i = 0; i < 50; i++) {
            res.latency().recordFirstToken(smallTools, java.time.Duration.ofMillis(4_000));
        }
        CandidateFilter health = new io.routewise.resilience.HealthScreen(res);
        RoutingEngine guarded = RoutingEngine.forCatalog(classifier, config, List.of(health));
        ChatRequest easy = ask("hello");
        RouteDecision d = guarded.decide(easy, "r", RoutingOptions.NONE);
        assertThat(d.model()).isNotIn("small-text", "small-tools");
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).startsWith("small-text excluded: circuit open"));
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).startsWith("small-tools excluded: latency p95"));
        assertThat(d.setAside()).extracting(e -> e.exclusion().cause()).contains(
                io.routewise.catalog.Exclusion.Cause.BREAKER_OPEN, io.routewise.catalog.Exclusion.Cause.OVER_LATENCY_BUDGET);
        // The hot standbys stay at the end of the chain: the dispatcher checks them, without a budget.
        assertThat(chain(guarded, d, easy))
                .endsWith("small-tools", "small-text");

        // Batch traffic has no latency budget: the slow deployment may serve it.
        ChatRequest batch = easy.withRouting(new RoutingOptions(null, null, null, "batch"));
        RouteDecision b = guarded.decide(batch, "r", batch.routing());
        assertThat(b.reasons()).noneSatisfy(r -> assertThat(r).startsWith("small-tools excluded"));
    }

    @Test
    void noCandidateGivesADecisionWithoutAModelAndTheReasons() {
        ChatRequest image = request("""
                {"model":"auto","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""");
        RouteDecision d = engine.decide(image, "r", new RoutingOptions(null, 0.000001, null, "interactive"));
        assertThat(d.routed()).isFalse();
        assertThat(d.reasons().get(0)).isEqualTo("no candidate can serve this request");
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).startsWith("big excluded: expected cost"));
    }

    @Test
    void decisionHasEveryFieldOfTheDesignFormat() {
        JsonNode json = Json.MAPPER.valueToTree(engine.decide(ask(CODE), "req-7", RoutingOptions.NONE));
        assertThat(json.fieldNames()).toIterable().contains("request_id", "model", "provider", "expected_quality",
                "expected_cost_usd", "class_probabilities", "task", "fallbacks", "reasons", "config_version",
                "model_version");
        assertThat(json.get("request_id").asText()).isEqualTo("req-7");
        assertThat(json.get("config_version").asText()).isEqualTo(config.version());
        assertThat(json.get("model_version").asText()).matches("[0-9a-f]{12}").isEqualTo(classifier.version());
        assertThat(json.get("class_probabilities").fieldNames()).toIterable()
                .containsExactly("easy.chat", "hard.code", "hard.math");
        double sum = 0;
        for (JsonNode p : json.get("class_probabilities")) {
            sum += p.asDouble();
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(json.get("fallbacks").get(0).fieldNames()).toIterable()
                .containsExactly("model", "provider", "expected_quality", "expected_cost_usd");
        assertThat(json.get("reasons").size()).isPositive();
    }

    @Test
    void withoutACatalogTheWeightsModelsArePricedByObservedCost() {
        RoutingEngine offline = RoutingEngine.fromWeights(classifier, 0.7);
        RouteDecision easy = offline.decide(ask("What is the capital of France?"), "r", RoutingOptions.NONE);
        assertThat(easy.model()).isEqualTo("small-text");
        assertThat(easy.expectedCostUsd()).isEqualTo(0.0002);
        assertThat(easy.provider()).isNull();
        assertThat(easy.configVersion()).isNull();
        assertThat(easy.reasons()).contains("logs-only excluded: no observed cost in the routing weights",
                "batch-only excluded: no observed cost in the routing weights");
        assertThat(offline.decide(ask(CODE), "r", RoutingOptions.NONE).model()).isEqualTo("big");
    }

    @Test
    void classesWithoutATaskPartGiveNoTask(@TempDir Path tmp) {
        Path dir = TestModels.builder(TestFeaturizer.shared().spec(), "easy", "hard").bias("easy", 1)
                .model("m", 0.001, 0.9, 0.4).write(tmp);
        try (RequestClassifier c = RequestClassifier.open(ModelDirectory.load(dir), TestFeaturizer.shared())) {
            RouteDecision d = RoutingEngine.fromWeights(c, 0.5).decide(ask("hello"), "r", RoutingOptions.NONE);
            assertThat(d.task()).isNull();
            assertThat(d.topClass()).isEqualTo("easy");
            assertThat(d.model()).isEqualTo("m");
        }
    }

    @Test
    void aModelTrainedOnOtherFeaturesIsRefused(@TempDir Path tmp) {
        FeaturizerSpec here = TestFeaturizer.shared().spec();
        FeaturizerSpec other = new FeaturizerSpec(here.version(), here.embeddingModel(), here.embeddingModelSha256(), 256,
                here.systemPrefixChars(), here.featureNames());
        Path dir = TestModels.standard(other).model("m", 0.001, 0.9, 0.4, 0.4).write(tmp);
        assertThatThrownBy(() -> RequestClassifier.open(ModelDirectory.load(dir), TestFeaturizer.shared()))
                .isInstanceOf(FeatureSpecMismatchException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("token budget 256 vs 128");
    }

    @Test
    void aMissingModelDirectoryIsAClearErrorNamingIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("models/nope");
        assertThatThrownBy(() -> RequestClassifier.load(missing)).isInstanceOf(ModelDirectoryException.class)
                .hasMessage(missing + ": model directory not found");
    }

    @Test
    void aCorruptClassifierIsAClearErrorNamingTheFile(@TempDir Path tmp) throws IOException {
        Path dir = TestModels.standard(TestFeaturizer.shared().spec()).model("m", 0.001, 0.9, 0.4, 0.4).write(tmp);
        Files.write(dir.resolve("classifier.onnx"), new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> RequestClassifier.open(ModelDirectory.load(dir), TestFeaturizer.shared()))
                .isInstanceOf(ModelDirectoryException.class)
                .hasMessageStartingWith(dir.resolve("classifier.onnx") + ": ONNX Runtime cannot load it");
    }

    @Test
    void aCardWithoutAFeaturizerSpecIsAClearError(@TempDir Path tmp) throws IOException {
        Path dir = TestModels.standard(TestFeaturizer.shared().spec()).model("m", 0.001, 0.9, 0.4, 0.4).write(tmp);
        JsonNode card = Json.MAPPER.readTree(dir.resolve("model-card.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) card).remove("featurizer");
        Json.MAPPER.writeValue(dir.resolve("model-card.json").toFile(), card);
        assertThatThrownBy(() -> RequestClassifier.load(dir)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageStartingWith(dir.resolve("model-card.json") + ": 'featurizer' is missing");
    }

    @Test
    void theModelVersionChangesWithTheWeights(@TempDir Path tmp) {
        Path a = TestModels.standard(TestFeaturizer.shared().spec()).model("m", 0.001, 0.9, 0.4, 0.4).write(tmp.resolve("a"));
        Path b = TestModels.standard(TestFeaturizer.shared().spec()).model("m", 0.001, 0.9, 0.5, 0.4).write(tmp.resolve("b"));
        Path a2 = TestModels.standard(TestFeaturizer.shared().spec()).model("m", 0.001, 0.9, 0.4, 0.4).write(tmp.resolve("a2"));
        try (RequestClassifier ca = RequestClassifier.open(ModelDirectory.load(a), TestFeaturizer.shared());
             RequestClassifier cb = RequestClassifier.open(ModelDirectory.load(b), TestFeaturizer.shared());
             RequestClassifier ca2 = RequestClassifier.open(ModelDirectory.load(a2), TestFeaturizer.shared())) {
            assertThat(ca.version()).isNotEqualTo(cb.version()).isEqualTo(ca2.version());
        }
    }

    /** The chain the planner builds for a decision of {@code engine}. */
    private List<String> chain(RoutingEngine engine, RouteDecision d, ChatRequest request) {
        return new ChainPlanner(io.routewise.catalog.Catalog.of(config), config.routing().hotStandby(), () -> engine)
                .chainFor(d, request).models().stream().map(ModelConfig::id).toList();
    }
}
