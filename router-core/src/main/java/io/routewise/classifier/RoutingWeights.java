package io.routewise.classifier;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.routewise.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code routing-weights.json}: for each model and each classifier class, the expected outcome
 * of that model on prompts of that class, {@code W[model][class]}, smoothed toward the model's
 * prior, {@code (sum of outcomes + k * prior) / (n + k)}, with the sample count {@code n} it
 * rests on; and per model the mean observed cost per request where the logs carried costs.
 *
 * <p>Optionally, per capability tier (the catalog's {@code tier}: 1 small, 2 mid, 3 frontier),
 * a row {@code W[tier][class]} averaged over the logged models of that tier. A catalog model
 * with no row of its own is routed with its tier's row ({@link #qualityByClass(String, int)})
 * until an evaluation of that model replaces it. Files without {@code tiers} still read.
 *
 * @param formatVersion the file format version ({@value #FORMAT_VERSION})
 * @param classes       the class names, in the classifier's output order
 * @param smoothingK    {@code k}: how many pseudo-observations of the prior each cell gets
 * @param prior         how the prior was chosen (e.g. the model's mean outcome over all classes)
 * @param models        per model id, its weights
 * @param source        where the weights came from (training data, or later evaluation runs)
 * @param tiers         per tier number, the tier's row; empty when the file has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingWeights(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("smoothing_k") double smoothingK,
        @JsonProperty("prior") String prior,
        @JsonProperty("models") Map<String, ModelWeights> models,
        @JsonProperty("source") JsonNode source,
        @JsonProperty("tiers") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Integer, TierWeights> tiers) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "routing-weights.json";

    private static final ObjectMapper WRITER = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    public RoutingWeights {
        classes = classes == null ? List.of() : List.copyOf(classes);
        models = models == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(models));
        tiers = tiers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tiers));
    }

    /** Weights without tier rows. */
    public RoutingWeights(int formatVersion, List<String> classes, double smoothingK, String prior,
                          Map<String, ModelWeights> models, JsonNode source) {
        this(formatVersion, classes, smoothingK, prior, models, source, Map.of());
    }

    /** The same weights with these tier rows. */
    public RoutingWeights withTiers(Map<Integer, TierWeights> newTiers) {
        return new RoutingWeights(formatVersion, classes, smoothingK, prior, models, source, newTiers);
    }

    /**
     * One model's weights.
     *
     * @param prior        the value every cell is smoothed toward (the model's mean outcome)
     * @param requests     how many logged requests this model answered with an outcome
     * @param meanCostUsd  mean observed cost per request in USD, or null when the logs had none
     * @param costSamples  how many requests that mean rests on
     * @param classes      per class name, the smoothed expected outcome and its sample count
     * @param calibration  how evaluation results moved the outcome model's per-prompt predictions for this
     *                     model, or null (trained weights; directories without an outcome model)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelWeights(
            @JsonProperty("prior") double prior,
            @JsonProperty("requests") long requests,
            @JsonProperty("mean_cost_usd") Double meanCostUsd,
            @JsonProperty("cost_samples") long costSamples,
            @JsonProperty("classes") Map<String, ClassWeight> classes,
            @JsonProperty("calibration") Calibration calibration) {

        @com.fasterxml.jackson.annotation.JsonCreator
        public ModelWeights {
            classes = classes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(classes));
        }

        /** A row without calibration. */
        public ModelWeights(double prior, long requests, Double meanCostUsd, long costSamples,
                            Map<String, ClassWeight> classes) {
            this(prior, requests, meanCostUsd, costSamples, classes, null);
        }
    }

    /**
     * A log-odds shift of a model's per-prompt predictions, fitted to its evaluation results: serving
     * predicts {@code σ(logit(q(x)) + logitOffset)} for it, where {@code q(x)} is what the model directory
     * predicts for the prompt. On the log-odds scale a prediction the directory is sure of (0.98 on "hi")
     * moves as far as an unsure one, which an additive shift of the class rows cannot do.
     *
     * @param logitOffset   the shift
     * @param outcomes      the answered evaluation outcomes it rests on (decay-weighted sum)
     * @param observed      their decay-weighted pass rate
     * @param predicted     the directory's mean prediction on the same prompts, before the shift
     */
    public record Calibration(
            @JsonProperty("logit_offset") double logitOffset,
            @JsonProperty("outcomes") double outcomes,
            @JsonProperty("observed_pass_rate") double observed,
            @JsonProperty("predicted_pass_rate") double predicted) {
    }

    /**
     * One cell of {@code W}.
     *
     * @param expectedOutcome the smoothed expected outcome in [0, 1]
     * @param n               the number of logged outcomes behind it
     */
    public record ClassWeight(
            @JsonProperty("expected_outcome") double expectedOutcome,
            @JsonProperty("n") long n) {
    }

    /**
     * One tier's row: the mean, over the logged models assigned to the tier, of their smoothed
     * cells (each model counts once, however many requests it answered).
     *
     * @param models  the logged models averaged
     * @param prior   the mean of their priors (mean outcome over all their requests)
     * @param classes per class name, the averaged expected outcome and the total sample count behind it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TierWeights(
            @JsonProperty("models") List<String> models,
            @JsonProperty("prior") double prior,
            @JsonProperty("classes") Map<String, ClassWeight> classes) {

        public TierWeights {
            models = models == null ? List.of() : List.copyOf(models);
            classes = classes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(classes));
        }
    }

    /**
     * The expected outcome per class, in {@link #classes()} order, for a model of the given
     * catalog tier: the model's own row when the weights have one; else its tier's row; else
     * the row of the nearest tier below it that has one (a tier-4 model is assumed at least as
     * good as tier 3); else the mean of every model's row. A missing cell counts at its row's prior.
     *
     * @param modelId the model's id (as logged, or as in the catalog)
     * @param tier    the model's catalog tier (1 = small)
     * @throws IllegalStateException when the weights have neither that model, nor tiers, nor models
     */
    public double[] qualityByClass(String modelId, int tier) {
        ModelWeights own = models.get(modelId);
        if (own != null) {
            return row(own.classes(), own.prior());
        }
        for (int t = tier; t >= 1; t--) {
            TierWeights row = tiers.get(t);
            if (row != null) {
                return row(row.classes(), row.prior());
            }
        }
        if (models.isEmpty()) {
            throw new IllegalStateException("no routing weights for model '" + modelId + "' and no tier or model to fall back on");
        }
        double[] mean = new double[classes.size()];
        for (ModelWeights w : models.values()) {
            double[] r = row(w.classes(), w.prior());
            for (int c = 0; c < mean.length; c++) {
                mean[c] += r[c] / models.size();
            }
        }
        return mean;
    }

    /**
     * Expected outcome {@code sum_c P(c|x) * W[c]} of a model of the given tier, with the row
     * {@link #qualityByClass(String, int)} picks.
     */
    public double expectedOutcome(String modelId, int tier, float[] classProbabilities) {
        if (classProbabilities.length != classes.size()) {
            throw new IllegalArgumentException("expected " + classes.size() + " class probabilities, got "
                    + classProbabilities.length);
        }
        double[] row = qualityByClass(modelId, tier);
        double sum = 0;
        for (int c = 0; c < row.length; c++) {
            sum += classProbabilities[c] * row[c];
        }
        return sum;
    }

    private double[] row(Map<String, ClassWeight> cells, double prior) {
        double[] out = new double[classes.size()];
        for (int c = 0; c < out.length; c++) {
            ClassWeight cell = cells.get(classes.get(c));
            out[c] = cell == null ? prior : cell.expectedOutcome();
        }
        return out;
    }

    /**
     * Expected outcome of a model given class probabilities in {@link #classes()} order:
     * {@code sum_c P(c|x) * W[model][c]}. A class the model has no cell for counts at its prior.
     *
     * @throws IllegalArgumentException when the model is unknown or the vector has the wrong length
     */
    public double expectedOutcome(String model, float[] classProbabilities) {
        ModelWeights w = models.get(model);
        if (w == null) {
            throw new IllegalArgumentException("no routing weights for model '" + model + "'");
        }
        if (classProbabilities.length != classes.size()) {
            throw new IllegalArgumentException("expected " + classes.size() + " class probabilities, got "
                    + classProbabilities.length);
        }
        double sum = 0;
        for (int c = 0; c < classProbabilities.length; c++) {
            ClassWeight cell = w.classes().get(classes.get(c));
            sum += classProbabilities[c] * (cell == null ? w.prior() : cell.expectedOutcome());
        }
        return sum;
    }

    /** The calibration of a model's own row ({@link Calibration}), or null when it has none. */
    public Calibration calibration(String modelId) {
        ModelWeights own = models.get(modelId);
        return own == null ? null : own.calibration();
    }

    /** The model ids, sorted. */
    @JsonIgnore
    public List<String> modelIds() {
        return List.copyOf(models.keySet());
    }

    /** Reads a routing-weights file; errors name the file. */
    public static RoutingWeights read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelDirectoryException(file + ": routing weights file not found");
        }
        RoutingWeights weights;
        try {
            weights = Json.MAPPER.readValue(file.toFile(), RoutingWeights.class);
        } catch (IOException e) {
            throw new ModelDirectoryException(file + ": not a valid routing weights file: " + firstLine(e), e);
        }
        if (weights == null || weights.formatVersion() != FORMAT_VERSION) {
            throw new ModelDirectoryException(file + ": unsupported format_version "
                    + (weights == null ? "null" : weights.formatVersion()) + " (expected " + FORMAT_VERSION + ")");
        }
        if (weights.classes().isEmpty() || weights.models().isEmpty()) {
            throw new ModelDirectoryException(file + ": no classes or no models");
        }
        for (var e : weights.models().entrySet()) {
            Calibration c = e.getValue().calibration();
            if (c != null && !Double.isFinite(c.logitOffset())) {
                throw new ModelDirectoryException(file + ": models." + e.getKey() + ".calibration.logit_offset must be a "
                        + "finite number");
            }
        }
        for (Integer tier : weights.tiers().keySet()) {
            if (tier < 1) {
                throw new ModelDirectoryException(file + ": tier " + tier + " in 'tiers' (tiers start at 1)");
            }
        }
        return weights;
    }

    /** Writes this file, pretty-printed. */
    public void write(Path file) throws IOException {
        WRITER.writeValue(file.toFile(), this);
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
