package io.routewise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.catalog.Exclusion;
import io.routewise.chat.RoutingOptions;
import io.routewise.config.ConfigException;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operator rules ({@code routing.rules}) before the learned policy: conditions, actions, reasons, validation. */
class RoutingRulesTest extends RoutingEngineTest {

    private static RoutingEngine withRules(String rules) {
        RoutewiseConfig cfg = ConfigLoader.parse(CATALOG.replace("routing: {quality_target: 0.7, hot_standby: [small-tools, small-text]}",
                "routing:\n  quality_target: 0.7\n  hot_standby: [small-tools, small-text]\n  rules:\n" + rules), "rules.yaml");
        return RoutingEngine.forCatalog(classifier, cfg, List.of());
    }

    private static final String RULES = """
                - name: vip-to-frontier
                  when: {keys: [vip]}
                  then: {model: big}
                - name: code-to-tier-3
                  when: {tasks: [code]}
                  then: {tiers: [3]}
                - name: long-prompts-capped
                  when: {min_prompt_tokens: 200}
                  then: {models: [small-tools, unweighted], max_cost_usd: 0.5}
                - name: tagged-batch
                  when: {metadata: {team: research}, pools: [interactive]}
                  then: {quality_target: 0.3}
            """;

    @Test
    void theFirstMatchingRuleNarrowsTheCandidatesAndTheDecisionNamesIt() {
        RoutingEngine engine = withRules(RULES);
        RouteDecision plain = engine.decide(ask("What is the capital of France?"), "r", RoutingOptions.NONE);
        assertThat(plain.rule()).isNull();
        assertThat(plain.model()).isEqualTo("small-text");

        RouteDecision vip = engine.decide(ask("What is the capital of France?"), "r", RoutingOptions.NONE.forCaller("vip"));
        assertThat(vip.rule()).isEqualTo("vip-to-frontier");
        assertThat(vip.model()).isEqualTo("big");
        assertThat(vip.reasons()).contains("rule 'vip-to-frontier' fired: routes only to big");
        assertThat(vip.setAside()).anySatisfy(x -> {
            assertThat(x.model()).isEqualTo("small-text");
            assertThat(x.exclusion().cause()).isEqualTo(Exclusion.Cause.RULE);
        });

        RouteDecision code = engine.decide(ask(CODE), "r", RoutingOptions.NONE);
        assertThat(code.topClass()).isEqualTo("hard.code");
        assertThat(code.rule()).isEqualTo("code-to-tier-3");
        assertThat(code.model()).isEqualTo("big");

        RouteDecision longPrompt = engine.decide(ask("Tell me about France. ".repeat(60)), "r", RoutingOptions.NONE);
        assertThat(longPrompt.rule()).isEqualTo("long-prompts-capped");
        assertThat(longPrompt.model()).isIn("small-tools", "unweighted");
    }

    @Test
    void knobsApplyUnlessTheRequestSetsItsOwn() {
        RoutingEngine engine = withRules(RULES);
        var tagged = request("""
                {"model":"auto","metadata":{"team":"research"},"messages":[{"role":"user","content":"Hi there"}]}""");
        RouteDecision d = engine.decide(tagged, "r", RoutingOptions.NONE);
        assertThat(d.rule()).isEqualTo("tagged-batch");
        assertThat(d.qualityTarget()).isEqualTo(0.3);
        RouteDecision own = engine.decide(tagged, "r", new RoutingOptions(0.6, null, null, null));
        assertThat(own.qualityTarget()).isEqualTo(0.6);
    }

    @Test
    void hoursWrapPastMidnight() {
        assertThat(RuleBook.inHours("09-17", 9)).isTrue();
        assertThat(RuleBook.inHours("09-17", 17)).isFalse();
        assertThat(RuleBook.inHours("22-06", 23)).isTrue();
        assertThat(RuleBook.inHours("22-06", 3)).isTrue();
        assertThat(RuleBook.inHours("22-06", 12)).isFalse();
    }

    @Test
    void aRuleNamingAnUnknownModelOrAttributeFailsValidationWithItsLine() {
        String bad = """
                    - name: typo
                      when: {taks: [code]}
                      then: {model: gpt-9}
                """;
        try {
            withRules(bad);
            throw new AssertionError("expected a ConfigException");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains("routing.rules[0].when.taks: unknown key").contains("rules.yaml:");
        }
        try {
            withRules("""
                    - name: pin
                      then: {model: gpt-9}
                    - name: pin
                      then: {tiers: [4]}
                """);
            throw new AssertionError("expected a ConfigException");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains("routing.rules[0].then.model: no model with id 'gpt-9'")
                    .contains("routing.rules[1].name: another rule is named 'pin'")
                    .contains("routing.rules[1].then.tiers[0]: must be 1, 2 or 3");
        }
    }
}
