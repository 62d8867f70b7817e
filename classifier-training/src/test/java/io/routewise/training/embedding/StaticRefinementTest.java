package io.routewise.training.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The refinement on a made-up language whose sentences mean something their pieces alone do not: the
 * target of a sentence is the sum of its pieces' "in context" vectors, and the distilled rows start
 * elsewhere. The refined rows must point each sentence much closer to its target, on sentences the fit
 * never saw, and leave pieces no sentence uses as they were.
 */
class StaticRefinementTest {

    static final int VOCABULARY = 200;
    static final int DIMS = 8;
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    /** Sentences of 3–10 pieces drawn from the first 150 ids (150–199 never appear). */
    static List<long[]> sentences(int n, long seed) {
        Random random = new Random(seed);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] ids = new long[3 + random.nextInt(8)];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = random.nextInt(150);
            }
            out.add(ids);
        }
        return out;
    }

    static float[] gaussianRows(long seed) {
        Random random = new Random(seed);
        float[] rows = new float[VOCABULARY * DIMS];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        return rows;
    }

    static List<double[]> targets(List<long[]> sentences, float[] inContext) {
        List<double[]> out = new ArrayList<>();
        for (long[] ids : sentences) {
            double[] y = new double[DIMS];
            for (long id : ids) {
                for (int d = 0; d < DIMS; d++) {
                    y[d] += inContext[(int) id * DIMS + d];
                }
            }
            out.add(y);
        }
        return out;
    }

    @Test
    void sentencesPointMuchCloserToTheirTargetsAndUnusedPiecesStayPut() {
        float[] distilled = gaussianRows(1);
        float[] inContext = gaussianRows(2);
        List<long[]> fit = sentences(3000, 3);
        List<long[]> unseen = sentences(500, 4);
        List<Integer> all = IntStream.range(0, unseen.size()).boxed().toList();

        StaticRefinement.Result result = StaticRefinement.refine(distilled, DIMS, fit, targets(fit, inContext), 7, QUIET);

        double before = StaticRefinement.meanCosine(distilled, DIMS, unseen, targets(unseen, inContext), all);
        double after = StaticRefinement.meanCosine(result.rows(), DIMS, unseen, targets(unseen, inContext), all);
        assertThat(before).isLessThan(0.2);
        assertThat(after).isGreaterThan(0.8);
        assertThat(result.report().epochs()).isBetween(1, StaticRefinement.MAX_EPOCHS);
        assertThat(result.report().cosineAfter()).isGreaterThan(result.report().cosineBefore());
        assertThat(result.report().validation()).isEqualTo(600);
        for (int i = 150 * DIMS; i < VOCABULARY * DIMS; i++) {
            assertThat(result.rows()[i]).isEqualTo(distilled[i]);
        }
    }

    @Test
    void theSameInputsGiveTheSameRowsAndTheInputIsNotModified() {
        float[] distilled = gaussianRows(1);
        float[] copy = distilled.clone();
        List<long[]> fit = sentences(500, 3);
        List<double[]> targets = targets(fit, gaussianRows(2));
        float[] first = StaticRefinement.refine(distilled, DIMS, fit, targets, 7, QUIET).rows();
        float[] second = StaticRefinement.refine(distilled, DIMS, fit, targets, 7, QUIET).rows();
        assertThat(second).containsExactly(first);
        assertThat(distilled).containsExactly(copy);
    }

    @Test
    void rowsThatAlreadyFitAreReturnedUnchanged() {
        float[] rows = gaussianRows(1);
        List<long[]> fit = sentences(500, 3);
        StaticRefinement.Result result = StaticRefinement.refine(rows, DIMS, fit, targets(fit, rows), 7, QUIET);
        assertThat(result.report().epochs()).isZero();
        assertThat(result.report().cosineBefore()).isCloseTo(1.0, within(1e-9));
        assertThat(result.rows()).containsExactly(rows);
    }
}
