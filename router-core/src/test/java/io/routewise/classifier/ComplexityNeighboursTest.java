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

    @Test
    void inconsistentRowsAreRefused() {
        assertThatThrownBy(() -> new ComplexityNeighbours(new int[] {0}, new float[] {1, 1}, new float[] {2, 0},
                new float[] {1, 1}, 1)).hasMessageContaining("ease 2.0");
        assertThatThrownBy(() -> new ComplexityNeighbours(new int[] {0}, new float[] {1}, new float[] {1},
                new float[] {1}, 0)).hasMessageContaining("k must be");
    }
}
