package io.routewise.training.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.RequestClassifier;
import io.routewise.features.FeaturizerSpec;
import io.routewise.features.StaticEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import io.routewise.features.WordPieces;
import io.routewise.json.Json;
import io.routewise.training.FeatureSource;
import io.routewise.training.SyntheticTraffic;
import io.routewise.training.TrainingSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with a static embedding end to end on a small log: the table is fitted on the training
 * part, written into the model directory, and serving rebuilds exactly the training vectors from it.
 * The piece vectors are random here (MiniLM over the whole vocabulary takes 20 s; the distillation's
 * arithmetic is StaticDistillationTest's).
 */
class StaticFeatureSourceTest {

    @TempDir
    static Path tmp;
    static StaticFeatureSource source;
    static TrainingSummary summary;
    static final AtomicInteger DISTILLED = new AtomicInteger();

    @BeforeAll
    static void train() throws IOException {
        source = new StaticFeatureSource(16, 64, progress -> {
            DISTILLED.incrementAndGet();
            return randomPieces();
        });
        summary = SyntheticTraffic.trainQuietly(tmp, source);
    }

    /** Random vectors for every vocabulary piece (seeded). */
    static StaticFeatureSource.PieceVectors randomPieces() {
        Random random = new Random(5);
        float[][] vectors = new float[WordPieces.vocabularySize()][384];
        for (float[] v : vectors) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
        }
        return new StaticFeatureSource.PieceVectors(vectors, "random-pieces", "0000");
    }

    @AfterAll
    static void close() {
        source.close();
    }

    @Test
    void anUnfittedSourceRefusesToFeaturize() {
        try (StaticFeatureSource unfitted = new StaticFeatureSource(16, 64, p -> {
            throw new AssertionError("not distilled before fitting");
        })) {
            assertThat(unfitted.names()).hasSize(16 + 20).startsWith("emb_000");
            assertThatThrownBy(() -> unfitted.features(List.of(Message.text(Role.USER, "hi"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("fitted");
        }
    }

    @Test
    void theModelDirectoryCarriesTheTableAndItsCardNamesIt() throws IOException {
        Path dir = summary.outDir();
        Path table = dir.resolve(StaticEmbeddingTable.FILE_NAME);
        assertThat(table).isRegularFile();
        ModelDirectory loaded = ModelDirectory.load(dir);
        FeaturizerSpec recorded = Json.MAPPER.treeToValue(loaded.card().featurizer(), FeaturizerSpec.class);
        assertThat(recorded.embeddingModel()).isEqualTo(StaticEmbedder.MODEL_ID_PREFIX + "random-pieces/d16");
        assertThat(recorded.tokenBudget()).isEqualTo(64);
        assertThat(recorded.featureNames()).hasSize(36);
        try (StaticEmbedder embedder = StaticEmbedder.load(table, 64)) {
            assertThat(recorded.embeddingModelSha256()).isEqualTo(embedder.modelSha256());
        }
        assertThat(DISTILLED).hasValue(1);
    }

    @Test
    void servingFeaturizesWithTheDirectorysOwnTable() {
        String prompt = "Prove that the square root of two is irrational.";
        List<Message> conversation = List.of(Message.text(Role.USER, prompt));
        Path table = summary.outDir().resolve(StaticEmbeddingTable.FILE_NAME);
        try (RequestClassifier classifier = RequestClassifier.load(summary.outDir());
             StaticEmbedder embedder = StaticEmbedder.load(table, 64)) {
            float[] serving = classifier.featurizer().featurize(ChatRequest.of("auto", conversation));
            assertThat(serving).hasSize(36);
            assertThat(java.util.Arrays.copyOf(serving, 16)).containsExactly(embedder.embed(prompt));
            assertThat(classifier.score(ChatRequest.of("auto", conversation)).outcomes()).isNotNull();
        }
    }

    @Test
    void aTableOtherThanTheOneTheModelWasTrainedWithIsRefused() throws IOException {
        Path copy = copyOfModel("other-table", true);
        List<List<Message>> otherCorpus = List.of(List.of(Message.text(Role.USER, "an entirely different corpus")));
        try (FeatureSource ignored = source.fittedOn(otherCorpus, copy, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> RequestClassifier.load(copy)).hasMessageContaining("sha256");
        }
        assertThat(DISTILLED).hasValue(1); // the piece vectors are computed once per source, however many fits
    }

    private static Path copyOfModel(String name, boolean withTable) throws IOException {
        Path copy = tmp.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(summary.outDir())) {
            for (Path f : files.toList()) {
                if (withTable || !f.getFileName().toString().equals(StaticEmbeddingTable.FILE_NAME)) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        return copy;
    }

    @Test
    void aModelDirectoryWithoutItsTableIsRefusedByName() throws IOException {
        Path copy = copyOfModel("no-table", false);
        assertThatThrownBy(() -> RequestClassifier.load(copy)).hasMessageContaining(StaticEmbeddingTable.FILE_NAME)
                .hasMessageContaining("missing");
    }

    @Test
    void aRefiningSourceEmbedsAtMostItsSampleOfTrainingPromptsAndTheCardRecordsTheRefinement() throws IOException {
        List<String> embedded = new java.util.ArrayList<>();
        StaticFeatureSource.SentenceVectors fake = new StaticFeatureSource.SentenceVectors() {
            @Override
            public List<float[]> embed(List<String> texts, PrintStream progress) {
                embedded.addAll(texts);
                // A made-up "whole prompt" vector that depends on the text, not on its pieces alone.
                return texts.stream().map(t -> {
                    Random r = new Random(t.hashCode());
                    float[] v = new float[384];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) r.nextGaussian();
                    }
                    return v;
                }).toList();
            }

            @Override
            public void close() {
            }
        };
        try (StaticFeatureSource refining = new StaticFeatureSource(16, 64, p -> randomPieces(), fake, 50)) {
            TrainingSummary refined = SyntheticTraffic.trainQuietly(Files.createDirectories(tmp.resolve("refined")), refining);
            assertThat(embedded).hasSize(50).doesNotHaveDuplicates();
            var table = ModelDirectory.load(refined.outDir()).card().featurizer().path("static_table");
            assertThat(table.path("distilled_from").asText()).isEqualTo("random-pieces");
            assertThat(table.path("refinement").path("prompts").asInt()).isEqualTo(50);
            assertThat(table.path("refinement").path("validation").asInt()).isEqualTo(10);
            assertThat(table.path("refinement").path("cosine_after").asDouble())
                    .isGreaterThanOrEqualTo(table.path("refinement").path("cosine_before").asDouble());
            // Training and serving read the refined table alike.
            String prompt = "Prove that the square root of two is irrational.";
            try (RequestClassifier classifier = RequestClassifier.load(refined.outDir());
                 StaticEmbedder embedder = StaticEmbedder.load(refined.outDir().resolve(StaticEmbeddingTable.FILE_NAME), 64)) {
                float[] serving = classifier.featurizer().featurize(ChatRequest.of("auto",
                        List.of(Message.text(Role.USER, prompt))));
                assertThat(java.util.Arrays.copyOf(serving, 16)).containsExactly(embedder.embed(prompt));
            }
        }
    }

    @Test
    void theSampleIsDistinctBoundedAndTheSameWhateverTheOrder() {
        List<String> corpus = List.of("a", "b", "c", "a", " ", "d", "e");
        List<String> sample = StaticFeatureSource.sample(corpus, 3);
        assertThat(sample).hasSize(3).doesNotHaveDuplicates().doesNotContain(" ");
        List<String> reversed = new java.util.ArrayList<>(corpus);
        java.util.Collections.reverse(reversed);
        assertThat(StaticFeatureSource.sample(reversed, 3)).isEqualTo(sample);
        assertThat(StaticFeatureSource.sample(corpus, 100)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    }
}
