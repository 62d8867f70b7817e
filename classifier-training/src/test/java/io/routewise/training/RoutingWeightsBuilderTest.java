package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.RoutingWeights;
import io.routewise.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingWeightsBuilderTest {

    @TempDir
    Path tmp;

    private static TrafficRecord record(String id, double a, double b, Double costA) {
        return new TrafficRecord(id, null, null, null, List.of(Message.text(Role.USER, id)),
                List.of(new LoggedResponse("a", a, costA, null, null, null), new LoggedResponse("b", b, null, null, null, null)),
                "f", 1);
    }

    @Test
    void smoothsEachCellTowardTheModelsMeanOutcome() {
        // Model a: outcomes 1, 1, 0 in class x; 0 in class y. Mean 0.5.
        List<TrafficRecord> recs = List.of(record("1", 1, 0, 0.02), record("2", 1, 0, 0.04), record("3", 0, 1, null),
                record("4", 0, 1, null));
        List<String> classes = List.of("x", "x", "x", "y");
        RoutingWeights w = RoutingWeightsBuilder.build(recs, classes, recs, List.of("x", "y", "z"), 2, Json.object());

        RoutingWeights.ModelWeights a = w.models().get("a");
        assertThat(a.prior()).isEqualTo(0.5);
        assertThat(a.classes().get("x").expectedOutcome()).isCloseTo((2 + 2 * 0.5) / (3 + 2), offset(1e-12));
        assertThat(a.classes().get("x").n()).isEqualTo(3);
        assertThat(a.classes().get("y").expectedOutcome()).isCloseTo((0 + 2 * 0.5) / (1 + 2), offset(1e-12));
        // A class the model never saw sits at its prior, with n = 0.
        assertThat(a.classes().get("z")).isEqualTo(new RoutingWeights.ClassWeight(0.5, 0));
        assertThat(a.meanCostUsd()).isCloseTo(0.03, offset(1e-12));
        assertThat(a.costSamples()).isEqualTo(2);
        assertThat(w.models().get("b").meanCostUsd()).isNull();
        assertThat(w.smoothingK()).isEqualTo(2);
    }

    @Test
    void expectedOutcomeMixesCellsByClassProbability() {
        List<TrafficRecord> recs = List.of(record("1", 1, 0, null), record("2", 0, 1, null));
        RoutingWeights w = RoutingWeightsBuilder.build(recs, List.of("x", "y"), recs, List.of("x", "y"), 0, Json.object());
        assertThat(w.expectedOutcome("a", new float[] {0.25f, 0.75f})).isCloseTo(0.25, offset(1e-9));
        assertThat(w.expectedOutcome("b", new float[] {0.25f, 0.75f})).isCloseTo(0.75, offset(1e-9));
    }

    @Test
    void writesAndReadsBackTheSameWeights() throws IOException {
        List<TrafficRecord> recs = List.of(record("1", 1, 0, 0.5), record("2", 0, 1, null));
        RoutingWeights w = RoutingWeightsBuilder.build(recs, List.of("x", "y"), recs, List.of("y", "x"), 1, Json.object());
        Path file = tmp.resolve("routing-weights.json");
        w.write(file);
        RoutingWeights back = RoutingWeights.read(file);
        assertThat(back).isEqualTo(w);
        assertThat(back.classes()).containsExactly("y", "x");
    }

    @Test
    void tierRowsAverageTheTiersModelsEachCountedOnce() {
        // a: x 1,1,0 / y 0 ; b: x 0,0,1 / y 1; c (untiered) everywhere 1.
        List<TrafficRecord> recs = List.of(record("1", 1, 0, null), record("2", 1, 0, null), record("3", 0, 1, null),
                record("4", 0, 1, null));
        ModelTiers tiers = ModelTiers.parse("a\t1\nb\t1\n", "t.tsv");
        RoutingWeights w = RoutingWeightsBuilder.build(recs, List.of("x", "x", "x", "y"), recs, List.of("x", "y"), 0,
                Json.object(), tiers);
        RoutingWeights.TierWeights t1 = w.tiers().get(1);
        assertThat(t1.models()).containsExactly("a", "b");
        assertThat(t1.prior()).isCloseTo(0.5, offset(1e-12));
        assertThat(t1.classes().get("x").expectedOutcome()).isCloseTo((2.0 / 3 + 1.0 / 3) / 2, offset(1e-12));
        assertThat(t1.classes().get("x").n()).isEqualTo(6);
        assertThat(t1.classes().get("y").expectedOutcome()).isCloseTo(0.5, offset(1e-12));
        assertThat(w.tiers()).containsOnlyKeys(1);
        assertThat(w.source().get("tier_table").asText()).isEqualTo("t.tsv");
        // A catalog model of tier 1 gets the tier row; tier 3 falls back to tier 1, the nearest below.
        assertThat(w.qualityByClass("gpt-4o-mini", 1)).containsExactly(new double[] {0.5, 0.5}, offset(1e-12));
        assertThat(w.qualityByClass("gpt-5", 3)).containsExactly(new double[] {0.5, 0.5}, offset(1e-12));
    }

    @Test
    void modelsTheTableDoesNotListAreRecordedInTheSource() {
        List<TrafficRecord> recs = List.of(record("1", 1, 0, null), record("2", 0, 1, null));
        RoutingWeights w = RoutingWeightsBuilder.build(recs, List.of("x", "y"), recs, List.of("x", "y"), 0, Json.object(),
                ModelTiers.parse("a\t2\n", "t.tsv"));
        assertThat(w.source().get("models_without_tier").toString()).isEqualTo("[\"b\"]");
        assertThat(w.tiers().get(2).models()).containsExactly("a");
    }
}
