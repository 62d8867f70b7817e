package io.routewise.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeModelTest {

    private static OutcomeModel model(Map<Integer, Double> abilities) {
        OutcomeSpec spec = new OutcomeSpec(List.of("small-7b", "big-70b", OutcomeSpecs.EASINESS),
                Map.of("small-7b", 1, "big-70b", 3), OutcomeSpecs.EASINESS, abilities, "heads.onnx", "neighbours.bin", 0.5,
                "lexical.bin", 0.25, null, null);
        return new OutcomeModel(spec, null, null, null, null, null);
    }

    @Test
    void aCatalogModelNamingALoggedModelReadsItsOwnPrediction() {
        OutcomeModel m = model(Map.of(1, 0.0, 3, 1.0));
        double[] p = {0.2, 0.9, 0.5};
        assertThat(m.readerFor("big-70b", null, 1).expected(p)).isEqualTo(0.9);
        assertThat(m.readerFor("my-alias", "small-7b", 3).expected(p)).isEqualTo(0.2);
    }

    @Test
    void anUnloggedModelIsItsTierOnTheEasinessScale() {
        OutcomeModel m = model(Map.of(1, 0.0, 2, 0.5, 3, Math.log(3)));
        double[] p = {0.2, 0.9, 0.5};
        // Easiness 0.5 = even odds; tier 3 multiplies the odds by 3: 0.75.
        assertThat(m.readerFor("gpt-x", "gpt-x", 3).expected(p)).isCloseTo(0.75, within(1e-9));
        assertThat(m.readerFor("nano", null, 1).expected(p)).isCloseTo(0.5, within(1e-9));
        // A tier above the known ones takes the highest known; below, the lowest.
        assertThat(m.readerFor("ultra", null, 5).expected(p)).isCloseTo(0.75, within(1e-9));
        assertThat(m.readerFor("tiny", null, 0).expected(p)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void easyPromptsLeaveLittleBetweenTiersHardOnesMore() {
        OutcomeModel m = model(Map.of(1, 0.0, 3, 1.5));
        double[] easy = {0, 0, 0.97};
        double[] hard = {0, 0, 0.30};
        double easyGap = m.readerFor("f", null, 3).expected(easy) - m.readerFor("s", null, 1).expected(easy);
        double hardGap = m.readerFor("f", null, 3).expected(hard) - m.readerFor("s", null, 1).expected(hard);
        assertThat(easyGap).isLessThan(0.05);
        assertThat(hardGap).isGreaterThan(0.3);
    }

    @Test
    void withoutTierAbilitiesAnUnloggedModelGetsTheMeanOfAllColumns() {
        OutcomeModel m = model(Map.of());
        assertThat(m.readerFor("x", null, 2).expected(new double[] {0.2, 0.4, 0.6})).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void aModelLoggedBySeveralDataSetsReadsItsServingColumn() {
        OutcomeSpec spec = new OutcomeSpec(List.of("gemma [a]", "gemma [b]", "other"), Map.of(), null, Map.of(),
                "heads.onnx", "neighbours.bin", 0.5, "lexical.bin", 0.25, null, null, Map.of("gemma", "gemma [b]"));
        OutcomeModel m = new OutcomeModel(spec, null, null, null, null, null);
        double[] p = {0.1, 0.7, 0.4};
        assertThat(m.readerFor("gemma", null, 1).expected(p)).isEqualTo(0.7);
        assertThat(m.readerFor("my-gemma", "gemma", 1).expected(p)).isEqualTo(0.7);
        assertThat(m.readerFor("gemma [a]", null, 1).expected(p)).isEqualTo(0.1);
        java.util.Set<String> columns = java.util.Set.copyOf(spec.models());
        assertThat(OutcomeColumns.resolve("gemma", "a", columns, spec.servingColumns())).isEqualTo("gemma [a]");
        assertThat(OutcomeColumns.resolve("gemma", "unseen", columns, spec.servingColumns())).isEqualTo("gemma [b]");
        assertThat(OutcomeColumns.resolve("other", "a", columns, spec.servingColumns())).isEqualTo("other");
        assertThat(OutcomeColumns.resolve("unknown", "a", columns, spec.servingColumns())).isNull();
    }
}
