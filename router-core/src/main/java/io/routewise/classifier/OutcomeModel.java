package io.routewise.classifier;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicts, from a request's feature vector and its last user turn, each logged model's expected
 * outcome: a blend of per-model outcome heads (ONNX Runtime) and nearest neighbours among the training
 * prompts, by embedding and by word overlap ({@link OutcomeSpec}). It also says how a catalog model reads those predictions
 * ({@link #readerFor}): its own when its {@code id} or {@code upstream_model} names a logged model,
 * else its tier's. With a {@link TierPrior}, the prediction vector ends with one more value after
 * the logged models': the prompt's ease from the complexity head (and the complexity neighbours, when
 * the prior has them), which the tiers read.
 *
 * <p>Thread-safe.
 */
public final class OutcomeModel implements AutoCloseable {

    private final OutcomeSpec spec;
    private final OnnxClassifier heads;
    private final NeighbourIndex neighbours;
    private final LexicalIndex lexical;
    private final Map<String, Integer> index = new HashMap<>();
    /** The easiness column's index, or -1. */
    private final int easiness;
    private final java.util.TreeMap<Integer, Double> abilities;
    /** The complexity head of the tier prior, or null. */
    private final OnnxClassifier complexity;
    /** The tier prior's complexity neighbours, or null when the head alone reads the ease. */
    private final ComplexityNeighbours complexityNeighbours;

    OutcomeModel(OutcomeSpec spec, OnnxClassifier heads, NeighbourIndex neighbours, LexicalIndex lexical,
                 OnnxClassifier complexity, ComplexityNeighbours complexityNeighbours) {
        this.spec = spec;
        this.heads = heads;
        this.complexity = complexity;
        this.complexityNeighbours = complexityNeighbours;
        this.neighbours = neighbours;
        this.lexical = lexical;
        for (int m = 0; m < spec.models().size(); m++) {
            index.put(spec.models().get(m), m);
        }
        easiness = spec.easinessColumn() == null ? -1 : spec.models().indexOf(spec.easinessColumn());
        abilities = new java.util.TreeMap<>(spec.tierAbilities());
    }

    /**
     * Opens the outcome model a card describes.
     *
     * @throws ModelDirectoryException naming the missing or inconsistent file
     */
    static OutcomeModel open(Path dir, ModelCard card) {
        OutcomeSpec spec = card.outcomeModel();
        OnnxClassifier heads = spec.headsWeight() > 0
                ? OnnxClassifier.open(dir.resolve(spec.headsFile()), card.onnxInput(), card.onnxOutput(), spec.models(),
                        card.featureDimension())
                : null;
        OnnxClassifier complexity = null;
        ComplexityNeighbours complexityNeighbours = null;
        try {
            TierPrior prior = spec.tierPrior();
            if (prior != null) {
                // the features, plus the instruction's inputs when the prior reads them
                int width = card.featureDimension() + prior.instructionInputs(card.featureNames());
                complexity = OnnxClassifier.open(dir.resolve(prior.complexityFile()), card.onnxInput(),
                        card.onnxOutput(), List.of(TierPrior.EASE), width);
                if (prior.headWeight() < 1) {
                    complexityNeighbours = ComplexityNeighbours.read(dir.resolve(prior.neighboursFile()), width);
                }
            }
            NeighbourIndex neighbours = spec.headsWeight() < 1
                    ? NeighbourIndex.read(dir.resolve(spec.neighboursFile()), card.featureDimension(), spec.models().size())
                    : null;
            LexicalIndex lexical = spec.lexicalWeight() > 0
                    ? LexicalIndex.read(dir.resolve(spec.lexicalFile()), neighbours.rows()) : null;
            return new OutcomeModel(spec, heads, neighbours, lexical, complexity, complexityNeighbours);
        } catch (RuntimeException e) {
            if (heads != null) {
                heads.close();
            }
            if (complexity != null) {
                complexity.close();
            }
            throw e;
        }
    }

    /** The logged models, in prediction order. */
    public List<String> models() {
        return spec.models();
    }

    public OutcomeSpec spec() {
        return spec;
    }

    /**
     * Each logged model's expected outcome in [0, 1], in {@link #models()} order, then (with a tier
     * prior) the prompt's predicted ease.
     *
     * @param features     the featurizer's vector of the request
     * @param text         its last user turn ({@code Featurizer.lastUserTurn}), for the word-overlap neighbours
     * @param easeFeatures what the tier prior reads ({@code RequestClassifier.tierPriorInput}): the last user
     *                     turn's features alone, the form its labelled prompts were trained in
     */
    public double[] predict(float[] features, String text, float[] easeFeatures) {
        double[] h = null;
        if (heads != null) {
            float[] p = heads.probabilities(features);
            h = new double[p.length];
            for (int m = 0; m < p.length; m++) {
                h[m] = p[m];
            }
        }
        double[] n = neighbours != null && spec.neighboursWeight() > 0 ? neighbours.predict(features) : null;
        double[] blended = spec.blend(h, n, lexicalNeighbours(text));
        if (complexity == null) {
            return blended;
        }
        double[] out = java.util.Arrays.copyOf(blended, blended.length + 1);
        out[blended.length] = ease(easeFeatures);
        return out;
    }

    /** Whether predictions end with the tier prior's ease (the directory has a tier prior). */
    public boolean readsEase() {
        return complexity != null;
    }

    /** The prompt's ease in a prediction vector ({@link #predict}); NaN when the spec has no tier prior. */
    public double easeIn(double[] predictions) {
        int e = spec.models().size(); // the ease follows the logged models' columns
        return spec.tierPrior() == null || predictions.length <= e ? Double.NaN : predictions[e];
    }

    /**
     * The prompt's ease (1 easy, 0 hard) as the tier prior reads it: the complexity head's, blended with
     * the complexity neighbours' when the prior has them; NaN without a tier prior.
     */
    public double ease(float[] features) {
        if (complexity == null) {
            return Double.NaN;
        }
        TierPrior prior = spec.tierPrior();
        double head = prior.headWeight() > 0 ? complexity.probabilities(features)[0] : 0;
        return complexityNeighbours == null ? head : prior.ease(head, complexityNeighbours.predict(features));
    }

    /** The heads' predictions alone (null when the blend gives them no weight). */
    public float[] heads(float[] features) {
        return heads == null ? null : heads.probabilities(features);
    }

    /** The word-overlap neighbours' predictions alone (null when the blend has none). */
    public double[] lexicalNeighbours(String text) {
        return lexical == null ? null : neighbours.aggregate(lexical.similarities(text), lexical.k(), lexical.kappa());
    }

    /** The neighbours' predictions alone (null when the blend gives them no weight). */
    public double[] neighbours(float[] features) {
        return neighbours == null ? null : neighbours.predict(features);
    }

    /**
     * How a catalog model reads a prediction vector: the logged model its {@code id}, else its
     * {@code upstreamModel}, names (a model logged by several data sets: its column with the most outcomes,
     * {@link OutcomeSpec#servingColumns}); else a model of its tier on a one-parameter item-response
     * scale: {@code σ(logit(easiness(x)) + δ_tier)}, the prompt's predicted easiness (a typical
     * logged model's chance) shifted by the tier's log-odds advantage ({@link OutcomeSpec#tierAbilities});
     * a tier outside the known ones takes the nearest known. Without an easiness column or tier
     * abilities (older directories), the mean of all logged models.
     */
    public OutcomeReader readerFor(String id, String upstreamModel, int tier) {
        Integer own = column(id);
        if (own == null && upstreamModel != null) {
            own = column(upstreamModel);
        }
        if (own != null) {
            int m = own;
            return new OutcomeReader("own:" + spec.models().get(m), p -> p[m]);
        }
        TierPrior prior = spec.tierPrior();
        if (prior != null) {
            double ability = prior.ability(tier); // once per catalog model, not per request
            return new OutcomeReader(String.format(java.util.Locale.ROOT, "tier %d prior by predicted complexity (ability "
                    + "%+.2f)", tier, ability), p -> prior.expectedAt(ability, easeIn(p)));
        }
        if (easiness < 0 || abilities.isEmpty()) {
            int all = spec.models().size();
            return new OutcomeReader("mean of all logged models", p -> {
                double s = 0;
                for (double v : p) {
                    s += v;
                }
                return s / all;
            });
        }
        Integer known = abilities.floorKey(tier);
        int t = known != null ? known : abilities.firstKey();
        double delta = abilities.get(t);
        int e = easiness;
        return new OutcomeReader("tier " + t + " (easiness shifted by " + String.format(java.util.Locale.ROOT, "%+.2f", delta)
                + " log-odds)", p -> {
                    double q = Math.max(1e-3, Math.min(1 - 1e-3, p[e]));
                    return 1 / (1 + Math.exp(-(Math.log(q / (1 - q)) + delta)));
                });
    }

    /** The column a logged model's name reads: its own, or the one serving reads for a model with one per data set. */
    private Integer column(String model) {
        Integer own = index.get(model);
        String serving = spec.servingColumns().get(model);
        return own != null || serving == null ? own : index.get(serving);
    }

    @Override
    public void close() {
        if (heads != null) {
            heads.close();
        }
        if (complexity != null) {
            complexity.close();
        }
    }
}
