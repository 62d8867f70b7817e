package io.routewise.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeighbourIndexTest {

    private static final float NAN = Float.NaN;

    @TempDir
    Path tmp;

    /**
     * Two features, the identity projection, four training prompts on the unit circle: two near
     * (1, 0) and two near (0, 1). Model a answered all four (1 near x, 0 near y); model b only the
     * two near y (1 and 1).
     */
    private static NeighbourIndex index(int k, float kappa) {
        float c = (float) Math.cos(0.1);
        float s = (float) Math.sin(0.1);
        float[] rows = {1, 0, c, s, 0, 1, s, c};
        float[] outcomes = {1, NAN, 1, NAN, 0, 1, 0, 1};
        return new NeighbourIndex(new int[] {0, 1}, new float[] {0, 0}, new float[] {1, 0, 0, 1}, 2, k, kappa,
                new float[] {0.5f, 1f}, rows, outcomes);
    }

    @Test
    void predictsEachModelsSmoothedMeanOverItsOwnNearestPrompts() {
        NeighbourIndex index = index(2, 0);
        double[] nearX = index.predict(new float[] {2, 0.05f});
        assertThat(nearX[0]).isCloseTo(1.0, within(1e-9));   // a's two nearest: the x prompts
        assertThat(nearX[1]).isCloseTo(1.0, within(1e-9));   // b answered only the y prompts: its two
        double[] nearY = index.predict(new float[] {0.05f, 3});
        assertThat(nearY[0]).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void kappaPullsTowardTheModelsPrior() {
        NeighbourIndex index = index(2, 2);
        // a near x: (1 + 1 + 2 * 0.5) / (2 + 2) = 0.75
        assertThat(index.predict(new float[] {1, 0})[0]).isCloseTo(0.75, within(1e-6));
    }

    @Test
    void kLargerThanTheRowsUsesThemAll() {
        NeighbourIndex index = index(10, 0);
        assertThat(index.predict(new float[] {1, 0})[0]).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void roundTripsThroughItsFileFormat() throws IOException {
        NeighbourIndex index = index(2, 1);
        Path file = tmp.resolve(NeighbourIndex.FILE_NAME);
        index.write(file);
        NeighbourIndex read = NeighbourIndex.read(file, 2, 2);
        float[] q = {0.3f, 0.9f};
        assertThat(read.predict(q)).containsExactly(index.predict(q));
        assertThat(read.k()).isEqualTo(2);
        assertThat(read.rows()).isEqualTo(4);
    }

    @Test
    void refusesATruncatedOrMismatchedFileNamingIt() throws IOException {
        Path file = tmp.resolve(NeighbourIndex.FILE_NAME);
        index(2, 1).write(file);
        assertThatThrownBy(() -> NeighbourIndex.read(file, 2, 3)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("models 2 where the card lists 3");
        assertThatThrownBy(() -> NeighbourIndex.read(file, 1, 2)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining("outside the feature vector");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertThatThrownBy(() -> NeighbourIndex.read(file, 2, 2)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining(file.toString());
        Files.writeString(file, "not an index at all, just some text of sufficient length");
        assertThatThrownBy(() -> NeighbourIndex.read(file, 2, 2)).isInstanceOf(ModelDirectoryException.class)
                .hasMessageContaining("bad magic");
    }
}
