package io.routewise.eval.score;

import static io.routewise.eval.score.ScorerSpecs.scorer;
import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import org.junit.jupiter.api.Test;

class JsonSchemaScorerTest {

    private final Scorer person = scorer("""
            {"type": "json_schema",
             "schema": {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
                        "required": ["name", "age"]},
             "expect": {"/name": "Marta Quispe", "/age": 34}}""");

    @Test
    void acceptsPlainFencedOrEmbeddedJson() {
        assertThat(person.score("{\"name\": \"Marta Quispe\", \"age\": 34}").passed()).isTrue();
        assertThat(person.score("Here you go:\n```json\n{\"name\": \"marta quispe \", \"age\": 34.0}\n```").passed())
                .as("strings ignore case, numbers compare by value").isTrue();
        assertThat(person.score("Sure! {\"name\": \"Marta Quispe\", \"age\": 34} Hope this helps {x}.").passed())
                .isTrue();
    }

    @Test
    void failsOnASchemaViolation() {
        Score s = person.score("{\"name\": \"Marta Quispe\", \"age\": \"34\"}");
        assertThat(s.passed()).isFalse();
        assertThat(s.detail()).startsWith("schema:");
        assertThat(person.score("{\"name\": \"Marta Quispe\"}").passed()).isFalse();
    }

    @Test
    void failsOnAnExpectMismatchNamingThePointer() {
        Score s = person.score("{\"name\": \"Marta Quispe\", \"age\": 35}");
        assertThat(s.passed()).isFalse();
        assertThat(s.detail()).isEqualTo("/age: expected 34, found 35");
    }

    @Test
    void failsWhenThereIsNoJson() {
        assertThat(person.score("Marta is 34.").detail()).isEqualTo("no JSON found");
        assertThat(person.score("{\"name\": \"Marta").passed()).isFalse();
    }

    @Test
    void comparesArraysElementByElement() {
        Scorer labels = scorer("""
                {"type": "json_schema", "schema": {"type": "object", "required": ["labels"]},
                 "expect": {"/labels": ["urgent", "routine"]}}""");
        assertThat(labels.score("{\"labels\": [\"URGENT\", \"routine\"]}").passed()).isTrue();
        assertThat(labels.score("{\"labels\": [\"routine\", \"urgent\"]}").passed()).isFalse();
        assertThat(labels.score("{\"labels\": [\"urgent\"]}").passed()).isFalse();
    }
}
