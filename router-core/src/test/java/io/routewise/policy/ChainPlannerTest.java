package io.routewise.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.catalog.Catalog;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.RoutingOptions;
import io.routewise.config.ConfigLoader;
import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Named-model chains: the model, its fallbacks, the hot standby, each after the first able to serve the request. */
class ChainPlannerTest {

    static final RoutewiseConfig CONFIG = ConfigLoader.parse("""
            providers:
              - {name: sim, kind: simulator}
            models:
              - {id: main, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 1, context_window: 8000,
                 max_output_tokens: 1000, capabilities: [tools], fallbacks: [text-only, slow-batch, other]}
              - {id: text-only, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 1, context_window: 8000,
                 max_output_tokens: 1000}
              - {id: slow-batch, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 1, context_window: 8000,
                 max_output_tokens: 1000, capabilities: [tools], pool: batch}
              - {id: other, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 1, context_window: 8000,
                 max_output_tokens: 1000, capabilities: [tools]}
              - {id: standby, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 1, context_window: 8000,
                 max_output_tokens: 1000, capabilities: [tools]}
              - {id: switched-off, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 1, context_window: 8000,
                 max_output_tokens: 1000, enabled: false}
            routing: {hot_standby: [other, standby, switched-off]}
            """, "chain.yaml");

    private final ChainPlanner planner = new ChainPlanner(Catalog.of(CONFIG), CONFIG.routing().hotStandby(), () -> {
        throw new AssertionError("named models are planned without the engine");
    });

    private static ChatRequest ask(String model, boolean tools, RoutingOptions options) {
        String body = tools ? """
                {"model":"%s","messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""".formatted(model)
                : """
                {"model":"%s","messages":[{"role":"user","content":"hi"}]}""".formatted(model);
        try {
            return io.routewise.providers.openai.OpenAiApiCodec.INSTANCE.decodeRequest(
                    io.routewise.json.Json.MAPPER.readTree(body), null).withRouting(options);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> ids(Chain chain) {
        return chain.models().stream().map(ModelConfig::id).toList();
    }

    @Test
    void aNamedModelsChainIsItsFallbacksThenTheHotStandbyEachAbleToServe() {
        Chain chain = planner.plan(ask("main", true, RoutingOptions.NONE), "r").chain();
        // text-only lacks tools; slow-batch serves the batch pool; other is a fallback already; switched-off is disabled.
        assertThat(ids(chain)).containsExactly("main", "other", "standby");
        assertThat(chain.links()).extracting(Chain.Link::role)
                .containsExactly(Chain.Role.FIRST, Chain.Role.FALLBACK, Chain.Role.HOT_STANDBY);
    }

    @Test
    void batchRequestsMayFallBackToBatchModels() {
        Chain chain = planner.plan(ask("main", false, new RoutingOptions(null, null, null, "batch")), "r").chain();
        assertThat(ids(chain)).containsExactly("main", "text-only", "slow-batch", "other", "standby");
    }

    @Test
    void aKeysModelListLimitsTheFallbacksAndTheStandbyButNotTheNamedModel() {
        RoutingOptions onlyMainAndStandby = RoutingOptions.NONE.onlyModels(Set.of("main", "standby"));
        Chain chain = planner.plan(ask("main", true, onlyMainAndStandby), "r").chain();
        assertThat(ids(chain)).containsExactly("main", "standby");
    }

    @Test
    void unknownAndDisabledModelsAre404s() {
        assertThatThrownBy(() -> planner.plan(ask("nope", false, RoutingOptions.NONE), "r"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> planner.plan(ask("switched-off", false, RoutingOptions.NONE), "r"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("disabled");
    }

    @Test
    void aDecisionWithoutAModelIsANoCandidateExceptionThatKnowsWhenBudgetsAreToBlame() {
        ExcludedModel overBudget = new ExcludedModel("main",
                io.routewise.catalog.Exclusion.of(io.routewise.catalog.Exclusion.Cause.BUDGET_HARD, "budget provider 'sim' at the cap"));
        RouteDecision none = new RouteDecision("r", null, null, 0, 0, 0, java.util.Map.of(), null, null, List.of(),
                List.of("no candidate can serve this request", overBudget.reason()), null, "m", null, null, List.of(overBudget), null, null);
        assertThatThrownBy(() -> planner.chainFor(none, ask("auto", false, RoutingOptions.NONE)))
                .isInstanceOfSatisfying(NoCandidateException.class, e -> {
                    assertThat(e.budgetsOnly()).isTrue();
                    assertThat(e.budgetReasons()).containsExactly("main excluded: budget provider 'sim' at the cap");
                });
    }
}
