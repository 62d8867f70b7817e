package io.routewise.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierPriorTest {

    /** Abilities 0 / 1 / 2; easy = tier 1 right 98 %, hard = tier 3 right 50 %; head spans 0.2..0.8. */
    static TierPrior prior() {
        return new TierPrior("complexity.onnx", Map.of(1, 0.0, 2, 1.0, 3, 2.0), -Math.log(0.98 / 0.02), 2.0, 0.8, 0.2, null);
    }

    @Test
    void theLabelsMeanWhatTheCardSays() {
        TierPrior p = prior();
        assertThat(p.expected(1, 0.8)).isCloseTo(0.98, within(1e-9));
        assertThat(p.expected(3, 0.2)).isCloseTo(0.5, within(1e-9));
        // Beyond the average easy or hard prompt the scale is clamped.
        assertThat(p.expected(1, 1.0)).isCloseTo(0.98, within(1e-9));
        assertThat(p.expected(3, 0.0)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void easyPromptsLeaveLittleBetweenTiersHardOnesMuch() {
        TierPrior p = prior();
        assertThat(p.expected(3, 0.8) - p.expected(1, 0.8)).isLessThan(0.02);
        assertThat(p.expected(3, 0.2) - p.expected(1, 0.2)).isGreaterThan(0.3);
        for (double ease = 0; ease <= 1; ease += 0.1) {
            assertThat(p.expected(3, ease)).isGreaterThanOrEqualTo(p.expected(2, ease));
            assertThat(p.expected(2, ease)).isGreaterThanOrEqualTo(p.expected(1, ease));
        }
    }

    /** {@link #prior()} with a medium anchor: the average medium prompt (ease 0.4) is one tier 2 answers 95 % of the time. */
    static TierPrior withMedium() {
        return new TierPrior("complexity.onnx", Map.of(1, 0.0, 2, 1.0, 3, 2.0), -Math.log(0.98 / 0.02), 2.0, 0.8, 0.2,
                null, null, null, null, null, null, 0.4, 1.0 - Math.log(0.95 / 0.05));
    }

    @Test
    void aMediumAnchorPutsTheAverageMediumPromptWhereTheLabelSaysAndKeepsTheEnds() {
        TierPrior p = withMedium();
        assertThat(p.expected(2, 0.4)).isCloseTo(0.95, within(1e-9));
        assertThat(p.expected(1, 0.8)).isCloseTo(0.98, within(1e-9));
        assertThat(p.expected(3, 0.2)).isCloseTo(0.5, within(1e-9));
        // The straight line from easy to hard would have put ease 0.4 a third of the way up: tier 2 right far less often.
        assertThat(prior().expected(2, 0.4)).isLessThan(0.8);
        // Continuous and monotone: easier readings never make a tier less likely to be adequate.
        double previous = -1;
        for (double ease = 0; ease <= 1.0001; ease += 0.01) {
            double q = p.expected(2, ease);
            assertThat(q).isGreaterThanOrEqualTo(previous);
            if (previous >= 0) {
                assertThat(q - previous).isLessThan(0.05);
            }
            previous = q;
        }
    }

    @Test
    void aMediumAnchorOutOfOrderOrHalfGivenIsRefused() {
        Path card = Path.of("model-card.json");
        double easy = -Math.log(0.98 / 0.02);
        assertThatThrownBy(() -> new TierPrior("c.onnx", Map.of(1, 0.0), easy, 2.0, 0.8, 0.2, null, null, null, null, null,
                null, 0.4, null).validate(card)).hasMessageContaining("ease_of_medium' and 'medium_difficulty' come together");
        assertThatThrownBy(() -> new TierPrior("c.onnx", Map.of(1, 0.0), easy, 2.0, 0.8, 0.2, null, null, null, null, null,
                null, 0.9, -1.0).validate(card)).hasMessageContaining("ease_of_medium' must lie strictly between");
        assertThatThrownBy(() -> new TierPrior("c.onnx", Map.of(1, 0.0), easy, 2.0, 0.8, 0.2, null, null, null, null, null,
                null, 0.4, 3.0).validate(card)).hasMessageContaining("medium_difficulty' must lie strictly between");
        withMedium().validate(card);
    }

    @Test
    void aTierWithoutAnAbilityTakesTheNearestBelowElseTheLowest() {
        TierPrior p = new TierPrior("c.onnx", Map.of(1, 0.0, 3, 2.0), -4, 2, null, null, null);
        assertThat(p.ability(2)).isEqualTo(0.0);
        assertThat(p.ability(5)).isEqualTo(2.0);
        assertThat(p.ability(0)).isEqualTo(0.0);
    }

    @Test
    void anInconsistentSectionIsRefusedNamingTheField() {
        Path card = Path.of("model-card.json");
        assertThatThrownBy(() -> new TierPrior("c.onnx", Map.of(1, 0.0), 3, 2, null, null, null).validate(card))
                .isInstanceOf(ModelDirectoryException.class).hasMessageContaining("tier_prior.easy_difficulty");
        assertThatThrownBy(() -> new TierPrior("c.onnx", Map.of(1, 0.0), -3, 2, 0.2, 0.8, null).validate(card))
                .hasMessageContaining("ease_of_hard");
        assertThatThrownBy(() -> new TierPrior(null, Map.of(1, 0.0), -3, 2, null, null, null).validate(card))
                .hasMessageContaining("complexity_file");
        assertThatThrownBy(() -> new TierPrior("c.onnx", Map.of(), -3, 2, null, null, null).validate(card))
                .hasMessageContaining("abilities");
    }

    @Test
    void theHeadAndTheNeighboursShareTheEaseByTheCardsWeight() {
        TierPrior blended = new TierPrior("c.onnx", Map.of(1, 0.0), -3, 2, null, null, null, "n.bin", 0.25);
        assertThat(blended.ease(0.2, 0.6)).isCloseTo(0.25 * 0.2 + 0.75 * 0.6, within(1e-12));
        // Without a weight (directories from before the neighbours) the head alone reads it.
        assertThat(prior().headWeight()).isEqualTo(1.0);
        assertThat(prior().ease(0.3, Double.NaN)).isEqualTo(0.3);
    }

    @Test
    void aNeighbourShareNeedsItsFileAndAWeightInsideZeroToOne() {
        Path card = Path.of("model-card.json");
        assertThatThrownBy(() -> new TierPrior("c.onnx", Map.of(1, 0.0), -3, 2, null, null, null, null, 0.5)
                .validate(card)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining("tier_prior.neighbours_file");
        assertThatThrownBy(() -> new TierPrior("c.onnx", Map.of(1, 0.0), -3, 2, null, null, null, "n.bin", 1.5)
                .validate(card)).hasMessageContaining("tier_prior.head_weight");
    }

    @Test
    void anUnloggedCatalogModelReadsTheEaseAfterTheLoggedModels() {
        OutcomeSpec spec = new OutcomeSpec(List.of("small-7b", "big-70b"), Map.of("small-7b", 1, "big-70b", 3), null,
                Map.of(), "heads.onnx", "neighbours.bin", 0.5, null, 0, null, prior());
        OutcomeModel m = new OutcomeModel(spec, null, null, null, null, null);
        double[] predictions = {0.1, 0.2, 0.8}; // two logged models, then the ease
        assertThat(m.readerFor("small-7b", null, 1).expected(predictions)).isEqualTo(0.1);
        assertThat(m.readerFor("nano", null, 1).expected(predictions)).isCloseTo(0.98, within(1e-9));
        assertThat(m.readerFor("nano", null, 1).source()).contains("tier 1 prior");
    }
}
