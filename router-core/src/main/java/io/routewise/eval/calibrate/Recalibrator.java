package io.routewise.eval.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.routewise.classifier.RoutingWeights;
import io.routewise.classifier.RoutingWeights.ClassWeight;
import io.routewise.classifier.RoutingWeights.ModelWeights;
import io.routewise.config.RecalibrationConfig;
import io.routewise.eval.EvalOutcome;
import io.routewise.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Moves routing weights toward what recent evaluation runs observed, so routing follows a model
 * whose quality changed without retraining the classifier.
 *
 * <p>For each catalog model with at least one answered outcome (no error, in one of the weights'
 * classes) in the last {@code windowRuns} runs, a new row replaces its own row or its tier fallback.
 * With {@code w0[c] = training.qualityByClass(model, tier)[c]}, {@code k = priorStrength},
 * {@code d = decay} and {@code age_r} the number of window runs newer than run {@code r} that hold
 * outcomes of the model (a run that did not evaluate it, or whose outcomes for it the caller left
 * out, does not age its evidence):
 * <ul>
 *   <li>a class with evaluated answers gets the posterior mean
 *       {@code (k·w0[c] + Σ_r d^age_r · passes[r][c]) / (k + Σ_r d^age_r · answered[r][c])}: the
 *       training weight counts as {@code k} answers, the newest run at full weight, older runs less;</li>
 *   <li>a class without evaluated answers is moved by the model's overall evidence:
 *       {@code clamp(w0[c] + (post − pre), 0, 1)}, where {@code pre} is the mean of {@code w0} over
 *       the classes with answers and {@code post} the same posterior mean pooled over those classes,
 *       {@code (k·pre + Σ weighted passes) / (k + Σ weighted answered)}; so a model that got worse
 *       everywhere it was tested is also trusted less where it was not.</li>
 * </ul>
 * The row's {@code prior} is the mean of its cells; {@code requests} is the number of answered
 * outcomes in the window; each cell's {@code n} is the model's own training {@code n} for that cell
 * (0 when it had no own row: a tier row's counts belong to other models) plus the cell's answered
 * outcomes in the window, unweighted. {@code mean_cost_usd}/{@code cost_samples} are kept from the
 * model's own training row (eval prompts are not representative traffic), absent otherwise.
 *
 * <p>Errors (timeouts, rate limits, 5xx) are neither passes nor failures: they say nothing of answer
 * quality and are left to drift detection and the health checks. Models with no answered outcome,
 * tier rows and rows of models outside the catalog are kept exactly. {@code classes},
 * {@code format_version}, {@code smoothing_k} and {@code prior} are unchanged; {@code source}
 * records the runs, the prior's source and the parameters. Given what the model directory predicted
 * for each evaluated prompt ({@link ItemPredictions}), a recalibrated row also carries a
 * {@code calibration}: a log-odds shift of the per-prompt predictions fitted to the same weighted
 * outcomes ({@link LogitCalibration}). {@code training} is meant to be the
 * trained weights, not a previous recalibration, since every call re-weighs the whole window.
 * The result is a pure function of the arguments: the same inputs give the same JSON.
 */
public final class Recalibrator {

    /** {@code source.kind} of recalibrated weights. */
    public static final String SOURCE_KIND = "evaluation recalibration";

    private final RecalibrationConfig config;

    /** @param config parameters; keys left null take {@link RecalibrationConfig#DEFAULT}'s */
    public Recalibrator(RecalibrationConfig config) {
        this.config = config == null ? RecalibrationConfig.DEFAULT : config.over(RecalibrationConfig.DEFAULT);
        if (!(this.config.priorStrength() > 0)) {
            throw new IllegalArgumentException("prior_strength must be > 0 (got " + this.config.priorStrength() + ")");
        }
        if (!(this.config.decay() > 0 && this.config.decay() <= 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1] (got " + this.config.decay() + ")");
        }
        if (this.config.windowRuns() < 1) {
            throw new IllegalArgumentException("window_runs must be >= 1 (got " + this.config.windowRuns() + ")");
        }
    }

    /**
     * New weights from {@code training} and the evaluation runs.
     *
     * @param training   the trained weights (prior of every recalibrated cell)
     * @param modelTiers catalog model id → catalog tier (selects the tier fallback of a model without own row)
     * @param runs       evaluation runs, oldest first; only the last {@code windowRuns} enter
     * @return weights with one recalibrated row per catalog model that has evidence, the rest as in {@code training}
     */
    public RoutingWeights recalibrate(RoutingWeights training, Map<String, Integer> modelTiers, List<RunOutcomes> runs) {
        return recalibrate(training, modelTiers, runs, ItemPredictions.NONE);
    }

    /**
     * {@link #recalibrate(RoutingWeights, Map, List)}, and for each recalibrated model whose outcomes have
     * per-prompt predictions, a log-odds shift of those predictions ({@link LogitCalibration}, the same decay
     * weights and prior strength) that serving applies to the model's per-prompt prediction instead of the
     * class-row shift.
     *
     * @param predictions what the model directory predicts for a model on an evaluation prompt
     */
    public RoutingWeights recalibrate(RoutingWeights training, Map<String, Integer> modelTiers, List<RunOutcomes> runs,
                                      ItemPredictions predictions) {
        List<RunOutcomes> window = runs.subList(Math.max(0, runs.size() - config.windowRuns()), runs.size());
        Map<String, Integer> classIndex = new HashMap<>();
        for (int c = 0; c < training.classes().size(); c++) {
            classIndex.put(training.classes().get(c), c);
        }
        Map<String, Evidence> evidence = new TreeMap<>();
        // Newest run first: a model's age counter grows by one for every run that held its outcomes.
        Map<String, Integer> newerRuns = new HashMap<>();
        for (int r = window.size() - 1; r >= 0; r--) {
            java.util.Set<String> inRun = new java.util.HashSet<>();
            for (EvalOutcome o : window.get(r).outcomes()) {
                inRun.add(o.model());
                Integer c = classIndex.get(o.label());
                if (o.error() == null && c != null && modelTiers.containsKey(o.model())) {
                    double weight = Math.pow(config.decay(), newerRuns.getOrDefault(o.model(), 0));
                    Evidence ev = evidence.computeIfAbsent(o.model(), m -> new Evidence(classIndex.size()));
                    ev.add(c, weight, o.passed());
                    ev.calibration.add(weight, o.passed(), predictions.predicted(o.model(), o.itemId()));
                }
            }
            inRun.forEach(m -> newerRuns.merge(m, 1, Integer::sum));
        }

        Map<String, ModelWeights> models = new TreeMap<>(training.models());
        for (Map.Entry<String, Evidence> e : evidence.entrySet()) {
            String model = e.getKey();
            models.put(model, row(training, model, modelTiers.get(model), e.getValue()));
        }
        return new RoutingWeights(training.formatVersion(), training.classes(), training.smoothingK(),
                training.prior(), models, source(training, window, evidence.keySet()), training.tiers());
    }

    private ModelWeights row(RoutingWeights training, String model, int tier, Evidence ev) {
        double k = config.priorStrength();
        double[] w0 = training.qualityByClass(model, tier);
        double priorSum = 0;
        double passSum = 0;
        double answeredSum = 0;
        int tested = 0;
        for (int c = 0; c < w0.length; c++) {
            if (ev.answered[c] > 0) {
                priorSum += w0[c];
                passSum += ev.passes[c];
                answeredSum += ev.answered[c];
                tested++;
            }
        }
        double pre = priorSum / tested;
        double shift = (k * pre + passSum) / (k + answeredSum) - pre;

        ModelWeights own = training.models().get(model);
        Map<String, ClassWeight> cells = new TreeMap<>();
        double cellSum = 0;
        for (int c = 0; c < w0.length; c++) {
            String name = training.classes().get(c);
            double value = ev.answered[c] > 0
                    ? (k * w0[c] + ev.passes[c]) / (k + ev.answered[c])
                    : Math.max(0, Math.min(1, w0[c] + shift));
            ClassWeight trained = own == null ? null : own.classes().get(name);
            cells.put(name, new ClassWeight(value, (trained == null ? 0 : trained.n()) + ev.count[c]));
            cellSum += value;
        }
        return new ModelWeights(cellSum / w0.length, ev.total,
                own == null ? null : own.meanCostUsd(), own == null ? 0 : own.costSamples(), cells,
                ev.calibration.fit(k));
    }

    private JsonNode source(RoutingWeights training, List<RunOutcomes> window, Iterable<String> recalibrated) {
        ObjectNode s = Json.object();
        s.put("kind", SOURCE_KIND);
        ArrayNode ids = s.putArray("runs");
        window.forEach(r -> ids.add(r.runId()));
        s.set("prior", training.source() != null && !training.source().isNull()
                ? training.source().deepCopy() : TextNode.valueOf(training.prior()));
        s.put("prior_strength", config.priorStrength());
        s.put("decay", config.decay());
        s.put("window_runs", config.windowRuns());
        ArrayNode models = s.putArray("recalibrated_models");
        recalibrated.forEach(models::add);
        return s;
    }

    /** One model's answered outcomes in the window, per class: decay-weighted and raw. */
    private static final class Evidence {
        final double[] passes;
        final double[] answered;
        final long[] count;
        final LogitCalibration calibration = new LogitCalibration();
        long total;

        Evidence(int classes) {
            passes = new double[classes];
            answered = new double[classes];
            count = new long[classes];
        }

        void add(int c, double weight, boolean passed) {
            answered[c] += weight;
            if (passed) {
                passes[c] += weight;
            }
            count[c]++;
            total++;
        }
    }
}
