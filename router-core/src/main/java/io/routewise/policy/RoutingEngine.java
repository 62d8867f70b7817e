package io.routewise.policy;

import io.routewise.catalog.Catalog;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.RoutingOptions;
import io.routewise.classifier.OutcomeModel;
import io.routewise.classifier.RequestClassifier;
import io.routewise.classifier.RoutingWeights;
import io.routewise.classifier.Scores;
import io.routewise.classifier.TierPrior;
import io.routewise.config.RoutewiseConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides where {@code model: "auto"} goes: featurize the request once, score it (class
 * probabilities and, with an outcome model, each logged model's expected outcome), price and filter
 * the candidates, and let {@link RoutingPolicy} choose the cheapest model whose expected quality is
 * good enough ({@link QualityKnob}). The decision carries the classifier's view, the fallbacks,
 * readable reasons and the versions of the config and model behind it.
 *
 * <p>Two modes: {@link #forCatalog} (the server, {@code routewise route --config}): the catalog's
 * enabled models at list price; {@link #fromWeights} ({@code routewise route} alone): the models the
 * routing weights know, at their observed mean cost.
 *
 * <p>Thread-safe and immutable; it does not own the classifier (several engines, e.g. one per
 * config reload, may share one).
 */
public final class RoutingEngine {

    private final RequestClassifier classifier;
    private final CandidateSource candidates;
    private final RuleBook rules;
    /** The config's knobs (null when unset): a target wins over a price, a price over a margin. */
    private final Double configTarget;
    private final Double configMargin;
    private final Double configPrice;
    private final String configVersion;
    /** The classifier's version, plus the recalibrated weights version when those replace the model's own. */
    private final String modelVersion;
    private final String[] labels;
    /** The anchors a decision's ease reason ends with; null when the directory has no tier prior. */
    private final String easeScale;
    /** For each label, the index of its task in {@link #tasks}; null when the classes carry no task. */
    private final int[] taskOfLabel;
    private final String[] tasks;

    private RoutingEngine(RequestClassifier classifier, CandidateSource candidates, RuleBook rules, Double configTarget,
                          Double configMargin, Double configPrice, String configVersion, String weightsVersion) {
        this.classifier = classifier;
        this.modelVersion = weightsVersion == null ? classifier.version() : classifier.version() + "+" + weightsVersion;
        this.candidates = candidates;
        this.rules = rules;
        this.configTarget = configTarget;
        this.configMargin = configMargin;
        this.configPrice = configPrice;
        this.configVersion = configVersion;
        this.labels = classifier.labels().toArray(String[]::new);
        this.easeScale = easeScale(classifier.outcomeModel());
        List<String> taskNames = new ArrayList<>();
        int[] taskIndex = new int[labels.length];
        boolean allHaveTasks = labels.length > 0;
        for (int i = 0; i < labels.length; i++) {
            int dot = labels[i].indexOf('.');
            if (dot < 0 || dot == labels[i].length() - 1) {
                allHaveTasks = false;
                break;
            }
            String task = labels[i].substring(dot + 1);
            int at = taskNames.indexOf(task);
            if (at < 0) {
                taskNames.add(task);
                at = taskNames.size() - 1;
            }
            taskIndex[i] = at;
        }
        this.taskOfLabel = allHaveTasks ? taskIndex : null;
        this.tasks = allHaveTasks ? taskNames.toArray(String[]::new) : null;
    }

    /**
     * The server's engine: candidates are the config's enabled models, priced at list price; the
     * quality target and expected output length default to the config's {@code routing} section.
     *
     * @param filters health, budget and other exclusions, asked in order
     */
    public static RoutingEngine forCatalog(RequestClassifier classifier, RoutewiseConfig config,
                                           List<CandidateFilter> filters) {
        return forCatalog(classifier, classifier.weights(), null, config, filters);
    }

    /**
     * As {@link #forCatalog(RequestClassifier, RoutewiseConfig, List)}, routing with {@code weights}
     * (e.g. a recalibrated version) instead of the model directory's own.
     *
     * @param weightsVersion what names those weights in decisions ({@code "w3"}), or null for the model's own
     * @throws IllegalArgumentException when the weights' classes are not the classifier's labels, in order
     */
    public static RoutingEngine forCatalog(RequestClassifier classifier, RoutingWeights weights, String weightsVersion,
                                           RoutewiseConfig config, List<CandidateFilter> filters) {
        return forCatalog(classifier, weights, weightsVersion, config, filters, AnswerLengths.NONE);
    }

    /**
     * As {@link #forCatalog(RequestClassifier, RoutingWeights, String, RoutewiseConfig, List)}, pricing each model
     * at its mean answer length where {@code answerLengths} knows it (the server: from the ledger).
     */
    public static RoutingEngine forCatalog(RequestClassifier classifier, RoutingWeights weights, String weightsVersion,
                                           RoutewiseConfig config, List<CandidateFilter> filters,
                                           AnswerLengths answerLengths) {
        if (!weights.classes().equals(classifier.labels())) {
            throw new IllegalArgumentException("routing weights " + (weightsVersion == null ? "" : weightsVersion + " ")
                    + "have classes " + weights.classes() + ", the classifier " + classifier.labels());
        }
        Catalog catalog = Catalog.of(config);
        CatalogCandidates source = new CatalogCandidates(catalog, CandidateQualities.forCatalog(classifier, weights, catalog),
                filters, config.routing().expectedOutputTokens(), answerLengths);
        return new RoutingEngine(classifier, source, RuleBook.of(config, java.time.Clock.systemUTC()),
                config.routing().qualityTarget(), config.routing().qualityMargin(), config.routing().usdPerQualityPoint(),
                config.version(), weightsVersion);
    }

    /**
     * Without a catalog: the logged models at their observed mean cost per request.
     *
     * @param target an absolute quality target, or null
     * @param margin a quality margin, or null (both null: {@link QualityKnob#DEFAULT_MARGIN})
     */
    public static RoutingEngine fromWeights(RequestClassifier classifier, Double target, Double margin) {
        return new RoutingEngine(classifier, new ObservedCostCandidates(classifier), RuleBook.NONE, target, margin, null,
                null, null);
    }

    /** As {@link #fromWeights(RequestClassifier, Double, Double)} with an absolute target. */
    public static RoutingEngine fromWeights(RequestClassifier classifier, double target) {
        return fromWeights(classifier, target, null);
    }

    /**
     * Decides one request.
     *
     * @param options the request's knobs (body over header already merged); unset ones take the
     *                engine's defaults
     */
    public RouteDecision decide(ChatRequest request, String requestId, RoutingOptions options) {
        Scores scores = classifier.score(request);
        float[] p = scores.classProbabilities();
        Map<String, Float> byClass = new LinkedHashMap<>(labels.length * 2);
        int top = 0;
        for (int c = 0; c < labels.length; c++) {
            byClass.put(labels[c], p[c]);
            if (p[c] > p[top]) {
                top = c;
            }
        }
        // Operator rules come first: the first that matches narrows the candidates and sets knobs.
        RuleBook.Fired fired = rules.isEmpty() ? null : rules.match(request, options, labels.length == 0 ? null : labels[top]);
        RoutingOptions effective = fired == null ? options : fired.apply(options);
        QualityKnob knob = knob(effective);
        List<Candidate> pool = candidates.forRequest(request, effective);
        if (fired != null) {
            pool = pool.stream().map(fired::screen).toList();
        }
        Decision d = RoutingPolicy.decide(scores, pool, knob, effective.maxCostUsd());
        double ease = easeScale == null ? Double.NaN : classifier.outcomeModel().easeIn(scores.outcomes());
        List<String> reasons = d.reasons();
        if (fired != null || !Double.isNaN(ease)) {
            reasons = new ArrayList<>(reasons);
            if (fired != null) {
                reasons.add(Math.min(1, reasons.size()), fired.reason());
            }
            if (!Double.isNaN(ease)) {
                reasons.add(String.format(Locale.ROOT, "the tier prior reads the prompt's ease as %.2f", ease) + easeScale);
            }
            reasons = List.copyOf(reasons);
        }
        List<RouteDecision.Fallback> fallbacks = new ArrayList<>(d.fallbacks().size());
        for (Decision.Choice f : d.fallbacks()) {
            fallbacks.add(new RouteDecision.Fallback(f.model(), f.provider(), f.expectedQuality(), f.expectedCostUsd()));
        }
        return new RouteDecision(requestId, d.model(), d.provider(), d.expectedQuality(), d.expectedCostUsd(),
                d.qualityThreshold(), byClass, labels.length == 0 ? null : labels[top], task(p), List.copyOf(fallbacks),
                reasons, configVersion, modelVersion,
                knob instanceof QualityKnob.Margin m ? m.margin() : null,
                knob instanceof QualityKnob.Price price ? price.usdPerQualityPoint() : null, d.setAside(),
                fired == null ? null : fired.name(), Double.isNaN(ease) ? null : ease);
    }

    /**
     * What a decision's ease reason says after the reading: the scale's anchors, so that a person can see how easy the
     * prior took the prompt to be; null without a tier prior (then no ease is reported).
     */
    private static String easeScale(OutcomeModel outcomes) {
        TierPrior prior = outcomes == null || !outcomes.readsEase() ? null : outcomes.spec().tierPrior();
        if (prior == null) {
            return null;
        }
        return String.format(Locale.ROOT, " (the average labelled prompt reads %.2f if easy,%s %.2f if hard)",
                prior.easeOfEasy(), prior.easeOfMedium() == null ? ""
                        : String.format(Locale.ROOT, " %.2f if medium,", prior.easeOfMedium()), prior.easeOfHard());
    }

    /** The request's knob, else the config's, else the default margin. */
    public QualityKnob knob(RoutingOptions options) {
        return QualityKnob.resolve(options.qualityTarget(), options.usdPerQualityPoint(), options.qualityMargin(),
                configTarget, configPrice, configMargin);
    }

    /** The most probable task (probabilities summed over complexity levels), or null without tasks. */
    private String task(float[] p) {
        if (taskOfLabel == null) {
            return null;
        }
        double[] sums = new double[tasks.length];
        for (int c = 0; c < p.length; c++) {
            sums[taskOfLabel[c]] += p[c];
        }
        int best = 0;
        for (int t = 1; t < sums.length; t++) {
            if (sums[t] > sums[best]) {
                best = t;
            }
        }
        return tasks[best];
    }

    /** The knob used when a request sets none. */
    public QualityKnob defaultKnob() {
        return knob(RoutingOptions.NONE);
    }

    public RequestClassifier classifier() {
        return classifier;
    }

    /** The config version decisions name (null without a catalog). */
    public String configVersion() {
        return configVersion;
    }

    /** The model version decisions name: the classifier's, plus {@code +wN} when routing with recalibrated weights. */
    public String modelVersion() {
        return modelVersion;
    }
}
