package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.classifier.NeighbourIndex;
import io.routewise.classifier.OutcomeSpec;
import io.routewise.training.outcome.OutcomeHeads;
import io.routewise.training.outcome.OutcomeTable;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.OnnxClassifier;
import io.routewise.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    private static final HashedWordFeatures FEATURES = new HashedWordFeatures(32);

    @TempDir
    static Path tmp;
    static Path log;
    static TrainingSummary first;
    static String firstOutput;

    @BeforeAll
    static void trainOnce() throws IOException {
        log = SyntheticTraffic.write(tmp.resolve("traffic.jsonl"), 600, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        first = TrainingRun.run(List.of(log), tmp.resolve("model-a"), 0.25, 11, FEATURES,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        firstOutput = out.toString(StandardCharsets.UTF_8);
    }

    private static List<float[]> probes() {
        List<float[]> probes = new ArrayList<>();
        String[] words = {"what", "capital", "prove", "theorem", "explain", "why", "river", "integral"};
        for (int i = 0; i < 50; i++) {
            probes.add(FEATURES.features(List.of(Message.text(Role.USER,
                    words[i % 8] + " " + words[(i * 3) % 8] + " " + words[(i * 5 + 1) % 8] + " probe " + i))));
        }
        return probes;
    }

    @Test
    void writesALoadableModelDirectoryWhoseCardDescribesTheOnnxFile() throws IOException {
        ModelDirectory dir = ModelDirectory.load(first.outDir());
        assertThat(dir.card().labels()).containsExactlyInAnyOrder("easy.knowledge_qa", "medium.knowledge_qa",
                "hard.math");
        assertThat(dir.card().labels()).isEqualTo(first.labels());
        assertThat(dir.card().featureNames()).isEqualTo(FEATURES.names());
        assertThat(dir.card().featureDimension()).isEqualTo(33);
        assertThat(dir.card().command()).contains("--logs " + log).contains("--holdout 0.25").contains("--seed 11");
        assertThat(dir.card().provenance().toString()).contains(
                first.chosen().startsWith("factorization") ? "FMClassificationTrainer" : "LinearSGDTrainer");
        assertThat(dir.card().data().get("train").asLong() + dir.card().data().get("held_out").asLong()).isEqualTo(600);
        assertThat(dir.card().metrics().get("held_out")).hasSize(4);
        assertThat(dir.card().metrics().get("onnx_vs_tribuo_max_abs_diff").asDouble()).isLessThanOrEqualTo(1e-5);

        OnnxMl.ModelProto onnx = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(dir.classifierFile()));
        Map<String, String> meta = onnx.getMetadataPropsList().stream()
                .collect(Collectors.toMap(OnnxMl.StringStringEntryProto::getKey, OnnxMl.StringStringEntryProto::getValue));
        assertThat(Json.MAPPER.readValue(meta.get(OnnxExport.LABELS_KEY), List.class)).isEqualTo(dir.card().labels());
        assertThat(Json.MAPPER.readValue(meta.get(OnnxExport.FEATURES_KEY), List.class)).isEqualTo(FEATURES.names());
    }

    @Test
    void comparesTheTrainersAndKeepsTheLowestHeldOutLogLoss() {
        List<TrainerResult> trainers = first.results().stream()
                .filter(r -> !r.name().equals("prior") && !r.name().equals("oracle")).toList();
        assertThat(trainers).hasSize(2);
        TrainerResult best = trainers.stream().min((a, b) -> Double.compare(a.logLoss(), b.logLoss())).orElseThrow();
        assertThat(first.chosen()).isEqualTo(best.name());
        TrainerResult prior = first.results().stream().filter(r -> r.name().equals("prior")).findFirst().orElseThrow();
        // The words give the difficulty away, so a trained model must beat the class frequencies clearly.
        assertThat(best.logLoss()).isLessThan(prior.logLoss() * 0.7);
        assertThat(best.accuracy()).isGreaterThan(0.8);
        assertThat(best.outcomeBrier()).isLessThan(prior.outcomeBrier());
        assertThat(firstOutput).contains("held-out comparison").contains("<- chosen").contains("featurizing 600 requests");
    }

    @Test
    void routingWeightsFollowTheModelsOutcomesPerClass() {
        ModelDirectory dir = ModelDirectory.load(first.outDir());
        var small = dir.weights().models().get("small");
        var large = dir.weights().models().get("large");
        assertThat(small.classes().get("easy.knowledge_qa").expectedOutcome()).isGreaterThan(0.9);
        assertThat(small.classes().get("hard.math").expectedOutcome()).isLessThan(0.4);
        assertThat(large.classes().get("hard.math").expectedOutcome()).isGreaterThan(
                small.classes().get("hard.math").expectedOutcome());
        assertThat(small.meanCostUsd()).isEqualTo(0.0001, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(dir.weights().classes()).isEqualTo(dir.card().labels());
    }

    @Test
    void writesAnOutcomeModelThatPredictsEachLoggedModelFromThePromptAlone() throws IOException {
        ModelDirectory dir = ModelDirectory.load(first.outDir());
        OutcomeSpec spec = dir.card().outcomeModel();
        assertThat(spec.models()).containsExactly("large", "mid", "small", OutcomeTable.EASINESS);
        assertThat(spec.easinessColumn()).isEqualTo(OutcomeTable.EASINESS);
        assertThat(spec.headsWeight()).isBetween(0.0, 1.0);
        assertThat(spec.details().get("onnx_vs_tribuo_max_abs_diff").asDouble()).isLessThanOrEqualTo(1e-5);
        assertThat(spec.details().get("selection").get("compared")).hasSizeGreaterThanOrEqualTo(3);
        // The outcome model predicts each model's outcome better than the class head's class rows do.
        double classHead = first.results().stream().filter(r -> r.name().equals(first.chosen())).findFirst().orElseThrow()
                .outcomeBrier();
        assertThat(spec.details().get("held_out_outcome_brier").asDouble()).isLessThan(classHead);

        try (OnnxClassifier heads = OnnxClassifier.open(dir.dir().resolve(spec.headsFile()), "input", "output", spec.models(),
                dir.card().featureDimension())) {
            NeighbourIndex neighbours = NeighbourIndex.read(dir.dir().resolve(spec.neighboursFile()),
                    dir.card().featureDimension(), spec.models().size());
            // Synthetic traffic: on "explain"-style prompts only the large model is adequate; on "what" ones all are.
            float[] medium = FEATURES.features(List.of(io.routewise.chat.Message.text(io.routewise.chat.Role.USER,
                    "explain compare why difference history describe item 9999")));
            float[] easy = FEATURES.features(List.of(io.routewise.chat.Message.text(io.routewise.chat.Role.USER,
                    "what capital colour name city river item 9998")));
            float[] h = heads.probabilities(medium);
            double[] n = neighbours.predict(medium);
            assertThat(h[0]).isGreaterThan(h[2] + 0.3f);
            assertThat(n[0]).isGreaterThan(n[2] + 0.3);
            assertThat(heads.probabilities(easy)[2]).isGreaterThan(0.7f);
            assertThat(neighbours.predict(easy)[2]).isGreaterThan(0.7);
        }
    }

    @Test
    void sameSeedAndDataGiveTheSameModel() throws IOException {
        TrainingSummary second = TrainingRun.run(List.of(log), tmp.resolve("model-b"), 0.25, 11, FEATURES,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(second.chosen()).isEqualTo(first.chosen());
        assertThat(second.results()).isEqualTo(first.results().stream()
                .map(r -> second.results().stream().filter(s -> s.name().equals(r.name())).findFirst().orElseThrow())
                .toList());
        OnnxMl.ModelProto a = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(first.outDir().resolve("classifier.onnx")));
        OnnxMl.ModelProto b = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(second.outDir().resolve("classifier.onnx")));
        // The graph (weights included) is bitwise identical; only the provenance metadata carries timestamps.
        assertThat(b.getGraph().toByteArray()).isEqualTo(a.getGraph().toByteArray());
        assertThat(Files.readString(second.outDir().resolve("routing-weights.json")))
                .isEqualTo(Files.readString(first.outDir().resolve("routing-weights.json")).replace("model-a", "model-b"));
        OnnxMl.ModelProto ha = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(first.outDir().resolve(OutcomeHeads.FILE_NAME)));
        OnnxMl.ModelProto hb = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(second.outDir().resolve(OutcomeHeads.FILE_NAME)));
        assertThat(hb.getGraph().toByteArray()).isEqualTo(ha.getGraph().toByteArray());
        assertThat(Files.readAllBytes(second.outDir().resolve(NeighbourIndex.FILE_NAME)))
                .isEqualTo(Files.readAllBytes(first.outDir().resolve(NeighbourIndex.FILE_NAME)));
        try (OnnxClassifier ca = OnnxClassifier.open(ModelDirectory.load(first.outDir()));
             OnnxClassifier cb = OnnxClassifier.open(ModelDirectory.load(second.outDir()))) {
            for (float[] probe : probes()) {
                assertThat(cb.probabilities(probe)).containsExactly(ca.probabilities(probe));
            }
        }
    }

    @Test
    void aDifferentSeedGivesADifferentSplit() {
        TrainingSummary other = TrainingRun.run(List.of(log), tmp.resolve("model-c"), 0.25, 12, FEATURES,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(other.data().heldOut()).isNotEqualTo(first.data().heldOut());
    }

    @Test
    void inputWithOnlyBadLinesIsAOneLineError() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.jsonl"), "{oops\n{\"messages\": 3}\n");
        assertThatThrownBy(() -> TrainingRun.run(List.of(bad), tmp.resolve("none"), 0.2, 1, FEATURES, quiet()))
                .isInstanceOf(TrainingInputException.class)
                .hasMessageStartingWith("no usable request in [" + bad + "] (2 non-blank lines, 2 skipped; first: " + bad + ":1:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void emptyInputIsAClearError() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "\n");
        assertThatThrownBy(() -> TrainingRun.run(List.of(empty), tmp.resolve("none"), 0.2, 1, FEATURES, quiet()))
                .isInstanceOf(TrainingInputException.class)
                .hasMessageContaining("no usable request");
    }

    @Test
    void requestsWithoutOutcomesCannotBeLabelled() throws IOException {
        Path noOutcomes = Files.writeString(tmp.resolve("no-outcomes.jsonl"),
                "{\"request_id\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"responses\":[{\"model\":\"m\"}]}\n"
                        + "{\"request_id\":\"b\",\"messages\":[{\"role\":\"user\",\"content\":\"yo\"}],"
                        + "\"responses\":[{\"model\":\"m\",\"outcome\":1}]}\n");
        assertThatThrownBy(() -> TrainingRun.run(List.of(noOutcomes), tmp.resolve("none"), 0.2, 1, FEATURES, quiet()))
                .isInstanceOf(TrainingInputException.class)
                .hasMessageContaining("has outcomes from at least 2 models");
    }

    @Test
    void refusesFeatureNamesThatAreNotAlphabetical() {
        FeatureSource unsorted = new FeatureSource() {
            @Override
            public float[] features(List<Message> messages) {
                return new float[2];
            }

            @Override
            public List<String> names() {
                return List.of("b", "a");
            }

            @Override
            public Map<String, Object> spec() {
                return Map.of();
            }
        };
        assertThatThrownBy(() -> TrainingRun.run(List.of(log), tmp.resolve("none"), 0.2, 1, unsorted, quiet()))
                .hasMessageContaining("alphabetical");
    }

    @Test
    void onnxClassifierRefusesAnInputWidthThatDisagreesWithTheFile() {
        ModelDirectory dir = ModelDirectory.load(first.outDir());
        assertThatThrownBy(() -> OnnxClassifier.open(dir.classifierFile(), "input", "output", dir.card().labels(), 34))
                .isInstanceOf(io.routewise.classifier.ModelDirectoryException.class)
                .hasMessageContaining("input 'input' has shape [-1, 33], the model card says width 34");
    }

    @Test
    void onnxClassifierScoresConcurrentlyWithTheSameResults() throws Exception {
        List<float[]> probes = probes();
        try (OnnxClassifier classifier = OnnxClassifier.open(ModelDirectory.load(first.outDir()))) {
            List<float[]> expected = probes.stream().map(classifier::probabilities).toList();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Boolean>> runs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < probes.size(); i++) {
                            if (!java.util.Arrays.equals(classifier.probabilities(probes.get(i)), expected.get(i))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (var run : runs) {
                    assertThat(run.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
            float sum = 0;
            for (float p : expected.get(0)) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void modelCardRecordsProvenanceAsJson() {
        JsonNode provenance = ModelDirectory.load(first.outDir()).card().provenance();
        assertThat(provenance.isArray()).isTrue();
        assertThat(provenance.get(0).get("object_class").asText()).startsWith("org.tribuo.classification.sgd.");
        assertThat(provenance.toString()).contains("\"seed\":\"11\"");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
