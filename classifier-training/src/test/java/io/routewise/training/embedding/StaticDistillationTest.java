package io.routewise.training.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.routewise.features.SentenceEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import io.routewise.features.WordPieces;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StaticDistillationTest {

    static WordPieces pieces;

    @BeforeAll
    static void load() {
        pieces = WordPieces.load(128);
    }

    @AfterAll
    static void close() {
        pieces.close();
    }

    @Test
    void frequentPiecesWeighLessAndUnseenOnesFully() {
        List<String> corpus = List.of("the cat and the dog", "the bird", "the fish and the cat");
        double[] w = StaticDistillation.sifWeights(pieces, corpus, WordPieces.vocabularySize());
        long the = pieces.ids("the")[0];
        long cat = pieces.ids("cat")[0];
        long bird = pieces.ids("bird")[0];
        long zebra = pieces.ids("zebra")[0];
        assertThat(w[(int) the]).isLessThan(w[(int) cat]);
        assertThat(w[(int) cat]).isLessThan(w[(int) bird]);
        assertThat(w[(int) zebra]).isEqualTo(1.0);
        // a / (a + p): "the" is 5 of the 12 pieces.
        assertThat(w[(int) the]).isCloseTo(StaticDistillation.SIF / (StaticDistillation.SIF + 5.0 / 12), within(1e-12));
    }

    @Test
    void principalComponentsFindTheDirectionOfMostVarianceWithAFixedSign() {
        Random random = new Random(11);
        float[][] rows = new float[2000][3];
        for (float[] r : rows) {
            double t = random.nextGaussian();
            r[0] = (float) (-3 * t + 0.1 * random.nextGaussian()); // most variance along (-3, 1, 0)
            r[1] = (float) (t + 0.1 * random.nextGaussian());
            r[2] = (float) (0.5 * random.nextGaussian());
        }
        double[][] c = StaticDistillation.principalComponents(rows, 2);
        double norm = Math.sqrt(10);
        // The largest entry is made positive, so the sign is (3, -1, 0) whatever the solver returns.
        assertThat(c[0][0]).isCloseTo(3 / norm, within(0.02));
        assertThat(c[0][1]).isCloseTo(-1 / norm, within(0.02));
        assertThat(Math.abs(c[1][2])).isCloseTo(1.0, within(0.02));
    }

    @Test
    void aTableIsTheWeightedProjectionOfCentredPieceVectorsAndIsReproducible() {
        int vocabulary = WordPieces.vocabularySize();
        Random random = new Random(2);
        float[][] raw = new float[vocabulary][SentenceEmbedder.DIMENSIONS];
        for (float[] v : raw) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
        }
        List<String> corpus = List.of("the cat sat", "the dog ran");
        StaticEmbeddingTable a = StaticDistillation.distil(raw, StaticDistillation.basis(raw, 8), "m", "s", pieces, corpus);
        StaticEmbeddingTable b = StaticDistillation.distil(raw, StaticDistillation.basis(raw, 8), "m", "s", pieces, corpus);
        assertThat(a.rows()).containsExactly(b.rows());
        assertThat(a.dimensions()).isEqualTo(8);
        assertThat(a.vocabulary()).isEqualTo(vocabulary);
        // "the" (2 of 6 pieces) is scaled down against "zebra" (never seen) by its weight.
        int the = (int) pieces.ids("the")[0];
        double weight = StaticDistillation.SIF / (StaticDistillation.SIF + 2.0 / 6);
        double[][] components = StaticDistillation.principalComponents(raw, 8);
        double[] mean = new double[SentenceEmbedder.DIMENSIONS];
        for (float[] v : raw) {
            for (int i = 0; i < v.length; i++) {
                mean[i] += v[i] / vocabulary;
            }
        }
        for (int j = 0; j < 8; j++) {
            double dot = 0;
            for (int i = 0; i < SentenceEmbedder.DIMENSIONS; i++) {
                dot += components[j][i] * (raw[the][i] - mean[i]);
            }
            assertThat((double) a.rows()[the * 8 + j]).isCloseTo(weight * dot, within(1e-4));
        }
    }

    @Test
    void pieceVectorsAreMiniLmsEmbeddingOfEachPieceAlone() {
        try (SentenceEmbedder minilm = new SentenceEmbedder(32, 1)) {
            float[][] vectors = StaticDistillation.pieceVectors(minilm, 3, 1,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(vectors).hasNumberOfRows(3);
            for (int id = 0; id < 3; id++) {
                assertThat(vectors[id]).containsExactly(minilm.embedTokenIds(new long[] {WordPieces.CLS, id, WordPieces.SEP}));
            }
            // [CLS] the [SEP] is exactly how MiniLM embeds the text "the".
            long the = pieces.ids("the")[0];
            float[] piece = minilm.embedTokenIds(new long[] {WordPieces.CLS, the, WordPieces.SEP});
            float[] text = minilm.embed("the");
            for (int i = 0; i < piece.length; i++) {
                assertThat(piece[i]).isCloseTo(text[i], within(1e-5f));
            }
        }
    }
}
