package io.routewise.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @TempDir
    Path dir;

    private static ModelCard card(List<String> labels, List<String> features, int dimension) {
        return new ModelCard(ModelCard.FORMAT_VERSION, "2025-01-01T00:00:00Z", labels, Json.object(), features, dimension,
                "input", "output", Json.object(), "t", Json.object(), Json.object(), Json.array(), "routewise train");
    }

    private static RoutingWeights weights(List<String> classes) {
        Map<String, RoutingWeights.ClassWeight> cells = new java.util.HashMap<>();
        for (String c : classes) {
            cells.put(c, new RoutingWeights.ClassWeight(0.5, 3));
        }
        return new RoutingWeights(RoutingWeights.FORMAT_VERSION, classes, 10, "p",
                Map.of("m", new RoutingWeights.ModelWeights(0.5, 6, null, 0, cells)), Json.object());
    }

    @BeforeEach
    void writeValidDirectory() throws IOException {
        Files.write(dir.resolve("classifier.onnx"), new byte[] {1, 2, 3});
        card(List.of("hard", "easy"), List.of("f_a", "f_b"), 2).write(dir.resolve("model-card.json"));
        weights(List.of("hard", "easy")).write(dir.resolve("routing-weights.json"));
    }

    @Test
    void loadsACompleteDirectory() {
        ModelDirectory loaded = ModelDirectory.load(dir);
        assertThat(loaded.card().labels()).containsExactly("hard", "easy");
        assertThat(loaded.card().featureDimension()).isEqualTo(2);
        assertThat(loaded.weights().models()).containsKey("m");
    }

    @Test
    void missingDirectoryIsNamed() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ModelDirectory.load(missing)).isInstanceOf(ModelDirectoryException.class)
                .hasMessage(missing + ": model directory not found");
    }

    @Test
    void missingClassifierIsNamed() throws IOException {
        Files.delete(dir.resolve("classifier.onnx"));
        assertThatThrownBy(() -> ModelDirectory.load(dir)).hasMessage(dir.resolve("classifier.onnx") + ": classifier file not found");
    }

    @Test
    void corruptModelCardIsNamed() throws IOException {
        Files.writeString(dir.resolve("model-card.json"), "{\"labels\": [");
        assertThatThrownBy(() -> ModelDirectory.load(dir)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageStartingWith(dir.resolve("model-card.json") + ": not a valid model card");
    }

    @Test
    void featureCountMustMatchTheDimension() throws IOException {
        card(List.of("hard", "easy"), List.of("f_a", "f_b"), 3).write(dir.resolve("model-card.json"));
        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .hasMessage(dir.resolve("model-card.json") + ": 'feature_dimension' is 3 but 'feature_names' has 2 entries");
    }

    @Test
    void routingWeightClassesMustMatchTheCardsLabelsAndOrder() throws IOException {
        weights(List.of("hard", "medium")).write(dir.resolve("routing-weights.json"));
        assertThatThrownBy(() -> ModelDirectory.load(dir)).hasMessageContaining("do not match the model card's labels");
        weights(List.of("easy", "hard")).write(dir.resolve("routing-weights.json"));
        assertThatThrownBy(() -> ModelDirectory.load(dir)).hasMessageContaining("not in the model card's label order");
    }

    @Test
    void missingRoutingWeightsAreNamed() throws IOException {
        Files.delete(dir.resolve("routing-weights.json"));
        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .hasMessage(dir.resolve("routing-weights.json") + ": routing weights file not found");
    }

    @Test
    void aCorruptOnnxFileIsAClearErrorNamingIt() {
        ModelDirectory loaded = ModelDirectory.load(dir);
        assertThatThrownBy(() -> OnnxClassifier.open(loaded)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageStartingWith(dir.resolve("classifier.onnx") + ": ONNX Runtime cannot load it");
    }

    @Test
    void expectedOutcomeRefusesUnknownModelsAndWrongWidths() {
        RoutingWeights w = weights(List.of("hard", "easy"));
        assertThat(w.expectedOutcome("m", new float[] {0.3f, 0.7f})).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
        assertThatThrownBy(() -> w.expectedOutcome("x", new float[] {1, 0})).hasMessageContaining("no routing weights for model 'x'");
        assertThatThrownBy(() -> w.expectedOutcome("m", new float[] {1})).hasMessageContaining("expected 2 class probabilities");
    }
}
