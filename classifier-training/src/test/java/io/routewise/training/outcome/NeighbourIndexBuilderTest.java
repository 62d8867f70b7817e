package io.routewise.training.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.routewise.classifier.NeighbourIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NeighbourIndexBuilderTest {

    /** Feature names of a 384-value embedding, as the featurizer names them. */
    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 384; i++) {
            names.add(String.format("emb_%03d", i));
        }
        return names;
    }

    /**
     * A user's first log: a few dozen prompts, far fewer than the embedding's 384 values, several of them
     * repeated. The covariance is singular with hundreds of equal (zero) eigenvalues, on which commons-math's
     * eigen-decomposition can fail to converge; the index must still be built, and a training prompt must
     * still find itself first.
     */
    @Test
    void fewerPromptsThanEmbeddingValuesStillGiveAWorkingIndex() {
        Random random = new Random(3);
        int n = 49;
        float[][] x = new float[n][384];
        float[][] outcomes = new float[n][2];
        for (int r = 0; r < n; r++) {
            int source = r % 20 == 0 && r > 0 ? r - 1 : r; // some prompts logged twice
            if (source != r) {
                x[r] = x[source].clone();
            } else {
                // unit length, as sentence embeddings are (this data makes the QL iteration fail)
                double norm = 0;
                for (int i = 0; i < 384; i++) {
                    x[r][i] = (float) random.nextGaussian();
                    norm += x[r][i] * x[r][i];
                }
                for (int i = 0; i < 384; i++) {
                    x[r][i] /= (float) Math.sqrt(norm);
                }
            }
            outcomes[r][0] = r % 2;
            outcomes[r][1] = 1;
        }
        OutcomeTable table = new OutcomeTable(List.of("a", "b"), outcomes);
        NeighbourIndex index = NeighbourIndexBuilder.build(table, x, names(), 64, 1, 0);
        assertThat(index.dims()).isEqualTo(64);
        for (int r : new int[] {1, 2, 17}) {
            double[] p = index.predict(x[r]);
            assertThat(p[0]).as("row %d finds itself", r).isCloseTo(r % 2, within(1e-6));
            assertThat(p[1]).isCloseTo(1, within(1e-6));
        }
    }
}
