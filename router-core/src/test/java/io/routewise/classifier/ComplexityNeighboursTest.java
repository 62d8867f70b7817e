package io.routewise.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplexityNeighboursTest {

    /**
     * Feature vectors of width 3 whose first two entries are compared: two easy prompts near (1, 0),
     * two hard ones near (0, 1).
     */
    static ComplexityNeighbours index(int k, float hardWeight) {
        float[] vectors = {1, 0, 0.8f, 0.6f, 0, 1, 0.6f, 0.8f};
        float[] ease = {1, 1, 0, 0};
        float[] weight = {1, 1, hardWeight, hardWeight};
        return new ComplexityNeighbours(new int[] {0, 1}, vectors, ease, weight, k);
    }

    @Test
    void aPromptReadsTheEaseOfTheLabelledPromptsMostLikeIt() {
        ComplexityNeighbours n = index(1, 1);
        assertThat(n.predict(new float[] {5, 0.1f, 99})).isEqualTo(1.0); // the third entry is not compared
        assertThat(n.predict(new float[] {0.1f, 3, -99})).isEqualTo(0.0);
    }

    @Test
    void neighboursCountBySimilarityAndByTheirLevelsWeight() {
        float[] between = {0.7071f, 0.7071f, 0};
        // k 2: the nearest easy (0.8, 0.6) and the nearest hard (0.6, 0.8) are equally similar.
        assertThat(index(2, 1).predict(between)).isCloseTo(0.5, within(1e-6));
        // Hard prompts weighted a third as much (a level three times larger) pull a third as hard.
        assertThat(index(2, 1f / 3).predict(between)).isCloseTo(0.75, within(1e-6));
        // Of the four, the farther two count less: cosines 0.707 and 0.99 on each side.
        assertThat(index(4, 1).predict(new float[] {1, 0.2f, 0})).isGreaterThan(0.5);
    }

    @Test
    void aPromptLikeNoneOfThemGetsTheWeightedMeanOfAll() {
        assertThat(index(2, 1f / 3).predict(new float[] {0, 0, 7})).isCloseTo(0.75, within(1e-6));
        assertThat(index(2, 1f / 3).predict(new float[] {-1, -1, 0})).isCloseTo(0.75, within(1e-6));
    }

    @Test
    void theFileRoundTripsAndABrokenOneIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        ComplexityNeighbours n = index(2, 0.5f);
        Path file = dir.resolve(ComplexityNeighbours.FILE_NAME);
        n.write(file);
        ComplexityNeighbours back = ComplexityNeighbours.read(file, 3);
        for (float[] x : new float[][] {{1, 0.1f, 0}, {0.3f, 0.9f, 0}, {0.7f, 0.7f, 1}}) {
            assertThat(back.predict(x)).isEqualTo(n.predict(x));
        }
        assertThat(back.rows()).isEqualTo(4);
        assertThat(back.k()).isEqualTo(2);

        assertThatThrownBy(() -> ComplexityNeighbours.read(file, 1)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining("outside the feature vector");
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.bin");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> ComplexityNeighbours.read(truncated, 3)).hasMessageContaining(truncated.toString())
                .hasMessageContaining("does not match");
        Path other = dir.resolve("other.bin");
        Files.writeString(other, "not an index at all, just text");
        assertThatThrownBy(() -> ComplexityNeighbours.read(other, 3)).hasMessageContaining("bad magic");
        assertThatThrownBy(() -> ComplexityNeighbours.read(dir.resolve("missing.bin"), 3)).hasMessageContaining("not found");
    }

    /** {@link #index} with the third entry as each prompt's size: the easy prompts short (0.1), the hard ones long (0.6). */
    static ComplexityNeighbours sized(float penalty) {
        float[] vectors = {1, 0, 0.8f, 0.6f, 0, 1, 0.6f, 0.8f};
        return new ComplexityNeighbours(new int[] {0, 1}, vectors, new float[] {1, 1, 0, 0}, new float[] {1, 1, 1, 1}, 2,
                2, penalty, new float[] {0.1f, 0.1f, 0.6f, 0.6f});
    }

    @Test
    void withASizePenaltyAPromptIsComparedWithPromptsOfItsOwnSizeFirst() {
        float[] shortBetween = {0.7071f, 0.7071f, 0.1f};
        float[] longBetween = {0.7071f, 0.7071f, 0.6f};
        // Cosine alone: the nearest easy and the nearest hard are equally similar, whatever the size.
        assertThat(sized(0).predict(shortBetween)).isCloseTo(0.5, within(1e-6));
        // With a penalty, the short prompt's neighbours are the short (easy) ones, the long prompt's the long ones.
        assertThat(sized(1).predict(shortBetween)).isEqualTo(1.0);
        assertThat(sized(1).predict(longBetween)).isEqualTo(0.0);
        // A small penalty moves the reading without taking over the cosine.
        assertThat(sized(0.05f).predict(shortBetween)).isStrictlyBetween(0.5, 1.0);
    }

    @Test
    void oneScanReadsEveryPenaltyAsThatPenaltysIndexWould() {
        float[] penalties = {0, 0.05f, 0.3f, 1};
        for (float[] x : new float[][] {{0.7071f, 0.7071f, 0.1f}, {1, 0.2f, 0.5f}, {0.2f, 1, 0}}) {
            double[] each = sized(0).predictEach(x, penalties);
            for (int i = 0; i < penalties.length; i++) {
                assertThat(each[i]).isEqualTo(sized(penalties[i]).predict(x));
                assertThat(sized(0).withSizePenalty(penalties[i]).predict(x)).isEqualTo(sized(penalties[i]).predict(x));
            }
        }
        // Without a size feature every penalty reads the cosine alone.
        double[] none = index(2, 1).predictEach(new float[] {0.7071f, 0.7071f, 0.1f}, penalties);
        assertThat(none).containsOnly(index(2, 1).predict(new float[] {0.7071f, 0.7071f, 0.1f}));
    }

    @Test
    void aSizedIndexRoundTripsAndAFirstVersionFileStillReads(@TempDir Path dir) throws IOException {
        ComplexityNeighbours n = sized(0.4f);
        Path file = dir.resolve(ComplexityNeighbours.FILE_NAME);
        n.write(file);
        ComplexityNeighbours back = ComplexityNeighbours.read(file, 3);
        assertThat(back.sizePenalty()).isEqualTo(0.4f);
        assertThat(back.sizeFeature()).isEqualTo(2);
        for (float[] x : new float[][] {{0.7071f, 0.7071f, 0.1f}, {0.3f, 0.9f, 0.6f}}) {
            assertThat(back.predict(x)).isEqualTo(n.predict(x));
        }
        assertThatThrownBy(() -> ComplexityNeighbours.read(file, 2)).hasMessageContaining("outside the feature vector");
        // Version 1: no trailer, read as cosine alone.
        Path plain = dir.resolve("plain.bin");
        index(2, 1).write(plain);
        byte[] bytes = Files.readAllBytes(plain);
        byte[] v1 = java.util.Arrays.copyOf(bytes, bytes.length - 8);
        java.nio.ByteBuffer.wrap(v1).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 1);
        Path old = dir.resolve("v1.bin");
        Files.write(old, v1);
        ComplexityNeighbours first = ComplexityNeighbours.read(old, 3);
        assertThat(first.sizeFeature()).isEqualTo(-1);
        assertThat(first.predict(new float[] {0.7071f, 0.7071f, 0})).isEqualTo(index(2, 1).predict(new float[] {0.7071f, 0.7071f, 0}));
    }

    @Test
    void inconsistentRowsAreRefused() {
        assertThatThrownBy(() -> new ComplexityNeighbours(new int[] {0}, new float[] {1, 1}, new float[] {2, 0},
                new float[] {1, 1}, 1)).hasMessageContaining("ease 2.0");
        assertThatThrownBy(() -> new ComplexityNeighbours(new int[] {0}, new float[] {1}, new float[] {1},
                new float[] {1}, 0)).hasMessageContaining("k must be");
        assertThatThrownBy(() -> new ComplexityNeighbours(new int[] {0}, new float[] {1}, new float[] {1},
                new float[] {1}, 1, 0, 0.5f, new float[] {1, 2})).hasMessageContaining("2 sizes for 1 rows");
        assertThatThrownBy(() -> new ComplexityNeighbours(new int[] {0}, new float[] {1}, new float[] {1},
                new float[] {1}, 1, -1, 0.5f, new float[0])).hasMessageContaining("penalty 0.5");
    }
}
