package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelTiersTest {

    @Test
    void theShippedTableTiersTheSharedDataModelsAndExcludesChatQa() {
        ModelTiers t = ModelTiers.defaults();
        assertThat(t.tierOf("llama-3.1-8b-instruct")).isEqualTo(OptionalInt.of(1));
        assertThat(t.tierOf("gemini-2.0-flash-001")).isEqualTo(OptionalInt.of(1));
        assertThat(t.tierOf("mistralai/Mixtral-8x7B-Instruct-v0.1")).isEqualTo(OptionalInt.of(2));
        assertThat(t.tierOf("llama-3.1-nemotron-51b-instruct")).isEqualTo(OptionalInt.of(2));
        assertThat(t.tierOf("gpt-4-1106-preview")).isEqualTo(OptionalInt.of(3));
        assertThat(t.tierOf("llama3-chatqa-1.5-70b")).isEmpty();
        assertThat(t.lists("llama3-chatqa-1.5-70b")).isTrue();
        assertThat(t.lists("gpt-5")).isFalse();
    }

    @Test
    void parsesTiersExclusionsAndComments() {
        ModelTiers t = ModelTiers.parse("# a comment\n\nsmall\t1\nbig   3\nodd\t-\n", "t.tsv");
        assertThat(t.tierOf("small")).isEqualTo(OptionalInt.of(1));
        assertThat(t.tierOf("big")).isEqualTo(OptionalInt.of(3));
        assertThat(t.tierOf("odd")).isEmpty();
        assertThat(t.tierOf("other")).isEmpty();
    }

    @Test
    void malformedLinesAreNamed() {
        assertThatThrownBy(() -> ModelTiers.parse("a\t1\nb\n", "t.tsv")).hasMessage("t.tsv:2: expected 'model<TAB>tier', got 'b'");
        assertThatThrownBy(() -> ModelTiers.parse("a\t0\n", "t.tsv")).hasMessageContaining("t.tsv:1: tier must be a number >= 1");
        assertThatThrownBy(() -> ModelTiers.parse("a\t1\na\t2\n", "t.tsv")).hasMessage("t.tsv:2: model 'a' is listed twice");
    }
}
