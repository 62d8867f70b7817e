package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.OnnxClassifier;
import io.routewise.features.FeaturizerSpec;
import io.routewise.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training with the real featurizer (MiniLM embedding + structural features) on a small log. */
class FeaturizerSourceTest {

    @TempDir
    static Path tmp;
    static FeaturizerSource source;
    static TrainingSummary summary;

    @BeforeAll
    static void train() throws IOException {
        source = FeaturizerSource.create(64, 2);
        summary = SyntheticTraffic.trainQuietly(tmp, source);
    }

    @AfterAll
    static void close() {
        source.close();
    }

    @Test
    void exportsAnOnnxGraphTakingEveryFeatureEvenThoseAlwaysZeroInTheLogs() {
        // The synthetic log has no tools, images or JSON mode: those structural features are 0 in every row.
        float[] v = source.features(List.of(Message.text(Role.USER, "what is the capital river")));
        assertThat(source.names()).contains("st_images", "st_tools");
        assertThat(v[source.names().indexOf("st_tools")]).isZero();
        ModelDirectory dir = ModelDirectory.load(summary.outDir());
        assertThat(dir.card().featureDimension()).isEqualTo(source.names().size()).isEqualTo(404);
        try (OnnxClassifier classifier = OnnxClassifier.open(dir)) {
            assertThat(classifier.featureDimension()).isEqualTo(404);
            float[] p = classifier.probabilities(v);
            assertThat(p).hasSize(dir.card().labels().size());
            double sum = 0;
            for (float x : p) {
                sum += x;
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void modelCardRecordsTheServingFeaturizersSpec() throws IOException {
        ModelDirectory dir = ModelDirectory.load(summary.outDir());
        FeaturizerSpec recorded = Json.MAPPER.treeToValue(dir.card().featurizer(), FeaturizerSpec.class);
        assertThat(recorded).isEqualTo(source.featurizerSpec());
        assertThat(recorded.tokenBudget()).isEqualTo(64);
        assertThat(recorded.featureNames()).isEqualTo(dir.card().featureNames());
    }

    @Test
    void givesTheSameVectorsFromManyThreads() throws Exception {
        List<List<Message>> prompts = List.of(
                List.of(Message.text(Role.USER, "prove the theorem about integrals")),
                List.of(Message.text(Role.SYSTEM, "You are terse."), Message.text(Role.USER, "name a river")),
                List.of(Message.text(Role.USER, "```python\nprint(1)\n``` why does this print 1?")));
        float[][] expected = prompts.stream().map(source::features).toArray(float[][]::new);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                List<Message> m = prompts.get(i % 3);
                futures.add(pool.submit(() -> source.features(m)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).containsExactly(expected[i % 3]);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
