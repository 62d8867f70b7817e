package io.routewise.eval.score;

import static io.routewise.eval.score.ScorerSpecs.scorer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScorersTest {

    @Test
    void buildsEachTypeByName() {
        assertThat(scorer("{\"type\":\"numeric\",\"value\":1}")).isInstanceOf(NumericScorer.class);
        assertThat(scorer("{\"type\":\"alias\",\"aliases\":[\"a\"]}")).isInstanceOf(AliasScorer.class);
        assertThat(scorer("{\"type\":\"label\",\"label\":\"a\",\"labels\":[\"a\",\"b\"]}")).isInstanceOf(LabelScorer.class);
        assertThat(scorer("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}")).isInstanceOf(JsonSchemaScorer.class);
        assertThat(scorer("{\"type\":\"constraints\",\"constraints\":[{\"type\":\"no_commas\"}]}"))
                .isInstanceOf(ConstraintsScorer.class);
        assertThat(scorer("{\"type\":\"code_pattern\",\"must_match\":[\"x\"]}")).isInstanceOf(CodePatternScorer.class);
        assertThat(scorer("{\"type\":\"python_tests\",\"tests\":\"assert True\"}"))
                .isEqualTo(new PythonTestsScorer("assert True", PythonTestsScorer.DEFAULT_TIMEOUT_MS));
    }

    @Test
    void namesTheBadField() {
        bad("{\"type\":\"numeric\",\"value\":\"391\"}", "scorer.value: must be a number");
        bad("{\"type\":\"numeric\"}", "scorer.value: is required");
        bad("{\"type\":\"numeric\",\"value\":1,\"tolerance\":-1}", "scorer.tolerance: must not be negative");
        bad("{\"type\":\"numeric\",\"value\":1,\"tol\":1}", "scorer.tol: unknown field");
        bad("{\"type\":\"alias\",\"aliases\":[]}", "scorer.aliases: must be a non-empty array");
        bad("{\"type\":\"label\",\"label\":\"c\",\"labels\":[\"a\",\"b\"]}", "scorer.labels: must contain the label 'c'");
        bad("{\"type\":\"code_pattern\",\"must_match\":[\"(\"]}", "scorer.must_match[0]: invalid regex");
        bad("{\"type\":\"json_schema\",\"schema\":\"object\"}", "scorer.schema: must be a JSON Schema object");
        bad("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"},\"expect\":{\"name\":1}}",
                "scorer.expect.name: must be a JSON Pointer");
        bad("{\"type\":\"constraints\",\"constraints\":[{\"type\":\"max_words\",\"value\":\"ten\"}]}",
                "scorer.constraints[0].value: must be a non-negative integer");
        bad("{\"type\":\"constraints\",\"constraints\":[{\"type\":\"shout\"}]}",
                "scorer.constraints[0].type: unknown constraint 'shout'");
        bad("{\"type\":\"constraints\",\"constraints\":[{\"type\":\"regex\",\"value\":\"[\"}]}",
                "scorer.constraints[0].value: invalid regex");
        bad("{\"type\":\"python_tests\",\"tests\":\"assert True\",\"timeout_ms\":0}", "scorer.timeout_ms: must be a positive integer");
        bad("[1]", "scorer: must be an object");
    }

    @Test
    void anUnknownTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> scorer("{\"type\":\"bleu\"}"))
                .hasMessage("scorer.type: unknown type 'bleu'; known types: [alias, code_pattern, constraints, "
                        + "json_schema, label, numeric, python_tests]");
    }

    @Test
    void anUnusableSchemaIsRejectedAtLoadTime() {
        assertThatThrownBy(() -> scorer("{\"type\":\"json_schema\",\"schema\":{\"$ref\":\"#/$defs/missing\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scorer.schema:");
    }

    private static void bad(String spec, String message) {
        assertThatThrownBy(() -> scorer(spec)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
