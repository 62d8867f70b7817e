package io.routewise.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticEmbedderTest {

    private static final int DIMS = 8;
    @TempDir
    static Path dir;
    private static StaticEmbeddingTable table;
    private static Path file;

    @BeforeAll
    static void writeTable() throws IOException {
        int vocabulary = WordPieces.vocabularySize();
        float[] rows = new float[vocabulary * DIMS];
        Random random = new Random(3);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        table = new StaticEmbeddingTable("test-source", "abc123", vocabulary, DIMS, rows);
        file = dir.resolve(StaticEmbeddingTable.FILE_NAME);
        table.write(file);
    }

    @Test
    void aTableReadsBackWithinItsInt8Rounding() throws IOException {
        StaticEmbeddingTable back = StaticEmbeddingTable.read(file);
        assertThat(back.vocabulary()).isEqualTo(table.vocabulary());
        assertThat(back.dimensions()).isEqualTo(DIMS);
        assertThat(back.sourceModel()).isEqualTo("test-source");
        assertThat(back.sourceModelSha256()).isEqualTo("abc123");
        for (int v = 0; v < 200; v++) {
            float max = 0;
            for (int d = 0; d < DIMS; d++) {
                max = Math.max(max, Math.abs(table.rows()[v * DIMS + d]));
            }
            for (int d = 0; d < DIMS; d++) {
                // Symmetric int8 per row: at most half a step of max/127 off.
                assertThat(back.rows()[v * DIMS + d]).isCloseTo(table.rows()[v * DIMS + d], within(max / 254 + 1e-6f));
            }
        }
    }

    @Test
    void aRepeatedTextGivesTheSameIdsInAnArrayOfItsOwnWhateverTheBudgetOfTheCallBefore() {
        String text = "Prove that there are infinitely many primes, and that the square root of two is irrational.";
        try (WordPieces wide = WordPieces.load(64); WordPieces narrow = WordPieces.load(4)) {
            long[] first = wide.ids(text);
            assertThat(first.length).isGreaterThan(4);
            first[0] = -1; // the caller's own array: the memo is not changed through it
            long[] again = wide.ids(text);
            assertThat(again[0]).isNotEqualTo(-1);
            assertThat(narrow.ids(text)).hasSize(4).containsExactly(java.util.Arrays.copyOf(again, 4));
            assertThat(wide.ids(text)).containsExactly(again);
            assertThat(wide.ids(text + " Then more.")).hasSizeGreaterThan(again.length);
        }
    }

    @Test
    void anotherFeaturizerReadsALastUserTurnAsItWouldAlone() throws IOException {
        int vocabulary = WordPieces.vocabularySize();
        float[] rows = new float[vocabulary * DIMS];
        Random random = new Random(11);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        Path otherFile = dir.resolve("other-" + StaticEmbeddingTable.FILE_NAME);
        new StaticEmbeddingTable("other-source", "def456", vocabulary, DIMS, rows).write(otherFile);
        String question = "Prove that there are infinitely many primes.";
        try (Featurizer requests = new Featurizer(StaticEmbedder.load(file, 64));
             Featurizer other = new Featurizer(StaticEmbedder.load(otherFile, 64))) {
            var plain = io.routewise.chat.ChatRequest.of("auto", java.util.List.of(
                    io.routewise.chat.Message.text(io.routewise.chat.Role.USER, question)));
            Featurizer.Featurized full = requests.featurizeWithText(plain);
            float[] alone = other.featurizeAlone(question);
            assertThat(requests.featurizeLastUserTurnWith(other, plain, full)).containsExactly(alone);
            assertThat(full.vector()).isNotEqualTo(alone); // the other table's embedding, not the request's
            var withSystem = io.routewise.chat.ChatRequest.of("auto", java.util.List.of(
                    io.routewise.chat.Message.text(io.routewise.chat.Role.SYSTEM, "You are a terse mathematician."),
                    io.routewise.chat.Message.text(io.routewise.chat.Role.USER, question)));
            assertThat(requests.featurizeLastUserTurnWith(other, withSystem, requests.featurizeWithText(withSystem)))
                    .containsExactly(alone);
        }
    }

    @Test
    void aTextEmbedsToTheNormalisedSumOfItsPiecesRows() throws IOException {
        StaticEmbeddingTable back = StaticEmbeddingTable.read(file);
        try (StaticEmbedder embedder = StaticEmbedder.load(file, 64); WordPieces pieces = WordPieces.load(64)) {
            String text = "Prove that there are infinitely many primes.";
            long[] ids = pieces.ids(text);
            assertThat(ids).isNotEmpty().doesNotContain(WordPieces.CLS, WordPieces.SEP);
            double[] sum = new double[DIMS];
            for (long id : ids) {
                for (int d = 0; d < DIMS; d++) {
                    sum[d] += back.rows()[(int) id * DIMS + d];
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(sum).map(x -> x * x).sum());
            float[] v = embedder.embed(text);
            assertThat(v).hasSize(DIMS);
            for (int d = 0; d < DIMS; d++) {
                assertThat((double) v[d]).isCloseTo(sum[d] / norm, within(1e-5));
            }
            assertThat(embedder.embed(text)).containsExactly(v); // deterministic
        }
    }

    @Test
    void anEmptyTextEmbedsToZerosAndTheBudgetBoundsThePiecesRead() {
        try (StaticEmbedder embedder = StaticEmbedder.load(file, 4)) {
            assertThat(embedder.embed("")).containsOnly(0f);
            assertThat(embedder.embed(null)).containsOnly(0f);
            assertThat(embedder.tokenCount("one two three four five six seven")).isEqualTo(4);
            // Only the first four pieces count: what follows them changes nothing.
            assertThat(embedder.embed("one two three four five")).containsExactly(embedder.embed("one two three four six"));
            // A megabyte prompt is cut before tokenizing, and still embeds.
            assertThat(norm(embedder.embed("word ".repeat(200_000)))).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void theSpecNamesTheSourceModelAndTheTableHash() throws IOException {
        try (StaticEmbedder embedder = StaticEmbedder.load(file, 32)) {
            assertThat(embedder.modelId()).isEqualTo(StaticEmbedder.MODEL_ID_PREFIX + "test-source/d" + DIMS);
            assertThat(StaticEmbedder.isStatic(embedder.modelId())).isTrue();
            assertThat(StaticEmbedder.isStatic(SentenceEmbedder.MODEL_ID)).isFalse();
            assertThat(embedder.modelSha256()).hasSize(64);
            Featurizer featurizer = new Featurizer(embedder);
            assertThat(featurizer.featureNames()).startsWith("emb_000", "emb_001").contains("emb_007")
                    .doesNotContain("emb_008").hasSize(DIMS + StructuralFeatures.size());
            assertThat(featurizer.spec().embeddingModel()).isEqualTo(embedder.modelId());
            assertThat(featurizer.spec().tokenBudget()).isEqualTo(32);
        }
    }

    @Test
    void aDamagedTableIsRefusedWithItsName() throws IOException {
        Path truncated = dir.resolve("truncated.bin");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> StaticEmbedder.load(truncated, 32)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("truncated.bin").hasMessageContaining("truncated");
        Path garbage = dir.resolve("garbage.bin");
        Files.writeString(garbage, "not a table at all");
        assertThatThrownBy(() -> StaticEmbedder.load(garbage, 32)).hasMessageContaining("garbage.bin")
                .hasMessageContaining("bad magic");
        Path small = dir.resolve("small.bin");
        new StaticEmbeddingTable("x", "y", 10, 2, new float[20]).write(small);
        assertThatThrownBy(() -> StaticEmbedder.load(small, 32)).hasMessageContaining("small.bin")
                .hasMessageContaining("10 rows");
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
