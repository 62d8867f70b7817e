package io.routewise.training.complexity;

import io.routewise.classifier.ComplexityNeighbours;
import io.routewise.features.Featurizer;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds the {@link ComplexityNeighbours} of some labelled prompts: their embedding (the features named
 * {@code emb_*}; all features when there are none), their ease target, and a weight per prompt that gives
 * each complexity level the same total (shared among its sources by the square root of their counts), as the
 * head's training does.
 */
final class ComplexityNeighboursBuilder {

    private ComplexityNeighboursBuilder() {
    }

    /**
     * @param penaltyPerEFold similarity lost per e-fold of difference in the last user turn's tokens (0: cosine
     *                        alone); ignored when the features do not measure size
     */
    static ComplexityNeighbours build(List<ComplexityPrompt> prompts, float[][] features, List<String> names, int[] rows,
                                      int k, double penaltyPerEFold) {
        int[] compared = IntStream.range(0, names.size())
                .filter(i -> names.get(i).startsWith(Featurizer.EMBEDDING_PREFIX)).toArray();
        if (compared.length == 0) {
            compared = IntStream.range(0, names.size()).toArray();
        }
        int dims = compared.length;
        float[] vectors = new float[rows.length * dims];
        float[] ease = new float[rows.length];
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(ComplexityNeighbours.unit(features[rows[j]], compared), 0, vectors, j * dims, dims);
            ease[j] = prompts.get(rows[j]).ease();
        }
        int sizeFeature = names.indexOf(Featurizer.USER_TOKENS_FEATURE); // the turn's size, when the features have it
        float[] sizes = new float[sizeFeature < 0 ? 0 : rows.length];
        for (int j = 0; j < sizes.length; j++) {
            sizes[j] = features[rows[j]][sizeFeature];
        }
        return new ComplexityNeighbours(compared, vectors, ease, ComplexityHeadTrainer.levelWeights(prompts, rows), k,
                sizeFeature, sizeFeature < 0 ? 0f : perFeatureUnit(penaltyPerEFold), sizes);
    }

    /** A penalty per e-fold of tokens as a penalty per unit of the size feature (ln(1 + t) / ln(1 + 32768)). */
    static float perFeatureUnit(double penaltyPerEFold) {
        return (float) (penaltyPerEFold * Featurizer.TOKEN_LOG_SCALE);
    }
}
