package io.routewise.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.routewise.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingWeightsTest {

    private static final List<String> CLASSES = List.of("easy", "hard");

    @TempDir
    Path tmp;

    private static RoutingWeights.ModelWeights model(double prior, double easy, double hard) {
        return new RoutingWeights.ModelWeights(prior, 10, null, 0,
                Map.of("easy", new RoutingWeights.ClassWeight(easy, 5), "hard", new RoutingWeights.ClassWeight(hard, 5)));
    }

    private static RoutingWeights.TierWeights tier(String member, double prior, double easy, double hard) {
        return new RoutingWeights.TierWeights(List.of(member), prior,
                Map.of("easy", new RoutingWeights.ClassWeight(easy, 5), "hard", new RoutingWeights.ClassWeight(hard, 5)));
    }

    private static RoutingWeights weights() {
        return new RoutingWeights(RoutingWeights.FORMAT_VERSION, CLASSES, 10, "p",
                Map.of("small-7b", model(0.4, 0.7, 0.1), "big-70b", model(0.8, 0.9, 0.6)), Json.object())
                .withTiers(Map.of(1, tier("small-7b", 0.4, 0.7, 0.1), 3, tier("big-70b", 0.8, 0.9, 0.6)));
    }

    @Test
    void aLoggedModelGetsItsOwnRowWhateverItsTier() {
        assertThat(weights().qualityByClass("small-7b", 3)).containsExactly(0.7, 0.1);
    }

    @Test
    void aCatalogModelGetsItsTiersRow() {
        assertThat(weights().qualityByClass("gpt-5", 3)).containsExactly(0.9, 0.6);
        assertThat(weights().qualityByClass("gpt-4o-mini", 1)).containsExactly(0.7, 0.1);
    }

    @Test
    void aTierWithoutARowFallsToTheNearestTierBelow() {
        assertThat(weights().qualityByClass("gpt-4.1", 2)).containsExactly(0.7, 0.1);
        assertThat(weights().qualityByClass("future-model", 5)).containsExactly(0.9, 0.6);
    }

    @Test
    void withNoTierBelowTheModelsMeanRowIsTheLastResort() {
        RoutingWeights noTiers = new RoutingWeights(RoutingWeights.FORMAT_VERSION, CLASSES, 10, "p",
                Map.of("small-7b", model(0.4, 0.7, 0.1), "big-70b", model(0.8, 0.9, 0.6)), Json.object());
        assertThat(noTiers.qualityByClass("gpt-5", 3)).containsExactly(new double[] {0.8, 0.35}, offset(1e-12));
        RoutingWeights onlyTier3 = weights().withTiers(Map.of(3, tier("big-70b", 0.8, 0.9, 0.6)));
        assertThat(onlyTier3.qualityByClass("gpt-4o-mini", 1)).containsExactly(new double[] {0.8, 0.35}, offset(1e-12));
    }

    @Test
    void aMissingCellCountsAtTheRowsPrior() {
        RoutingWeights w = weights().withTiers(Map.of(2, new RoutingWeights.TierWeights(List.of("m"), 0.55,
                Map.of("easy", new RoutingWeights.ClassWeight(0.75, 3)))));
        assertThat(w.qualityByClass("x", 2)).containsExactly(0.75, 0.55);
    }

    @Test
    void expectedOutcomeOfACatalogModelMixesItsTierRow() {
        assertThat(weights().expectedOutcome("gpt-5", 3, new float[] {0.5f, 0.5f})).isCloseTo(0.75, offset(1e-9));
    }

    @Test
    void tiersSurviveAWriteAndReadAndFilesWithoutTiersStillRead() throws IOException {
        Path file = tmp.resolve("routing-weights.json");
        weights().write(file);
        assertThat(Files.readString(file)).contains("\"tiers\"").contains("\"3\"");
        assertThat(RoutingWeights.read(file)).isEqualTo(weights());

        RoutingWeights old = weights().withTiers(Map.of());
        old.write(file);
        assertThat(Files.readString(file)).doesNotContain("tiers");
        RoutingWeights back = RoutingWeights.read(file);
        assertThat(back.tiers()).isEmpty();
        assertThat(back).isEqualTo(old);
    }

    @Test
    void aTierBelowOneIsRefused() throws IOException {
        Path file = tmp.resolve("routing-weights.json");
        weights().withTiers(Map.of(0, tier("m", 0.5, 0.5, 0.5))).write(file);
        assertThatThrownBy(() -> RoutingWeights.read(file)).isInstanceOf(ModelDirectoryException.class)
                .hasMessage(file + ": tier 0 in 'tiers' (tiers start at 1)");
    }
}
