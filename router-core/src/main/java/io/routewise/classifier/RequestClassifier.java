package io.routewise.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ChatRequest;
import io.routewise.features.Featurizer;
import io.routewise.features.FeaturizerSpec;
import io.routewise.features.StaticEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A model directory ready to score requests: the featurizer that builds the vectors its classifier
 * was trained on, and the classifier itself. Loading refuses a directory whose model card records a
 * different featurizer than this build computes ({@link FeaturizerSpec#requireSameAs}), so serving
 * never feeds a classifier vectors it was not trained on.
 *
 * <p>Thread-safe: {@link #classify} featurizes once and runs ONNX Runtime on one row.
 */
public final class RequestClassifier implements AutoCloseable {

    private final ModelDirectory directory;
    private final Featurizer featurizer;
    private final boolean ownsFeaturizer;
    private final OnnxClassifier classifier;
    /** Null for a directory that routes on class probabilities alone (model card format 1). */
    private final OutcomeModel outcomes;
    /** The tier prior's own featurizer (its embedding table), or null when the prior reads the request's features. */
    private final Featurizer priorFeaturizer;
    /** What embeds text for the tier prior: its own featurizer, else the request's. */
    private final Featurizer priorReader;
    /** The embedding width when the tier prior's head also reads the instruction's inputs, else 0. */
    private final int instructionDimensions;
    private final String version;
    private final ScoreCache scoreCache;

    private RequestClassifier(ModelDirectory directory, Featurizer featurizer, boolean ownsFeaturizer,
                              ScoreCache scoreCache) {
        featurizer.spec().requireSameAs(trainedSpec(directory), directory.dir().toString());
        this.directory = directory;
        this.scoreCache = scoreCache;
        this.featurizer = featurizer;
        this.ownsFeaturizer = ownsFeaturizer;
        this.version = versionOf(directory);
        this.classifier = OnnxClassifier.open(directory);
        OutcomeModel opened = null;
        try {
            opened = directory.card().outcomeModel() == null ? null : OutcomeModel.open(directory.dir(), directory.card());
            this.priorFeaturizer = opened != null && opened.spec().tierPrior() != null
                    && opened.spec().tierPrior().hasOwnEmbedding()
                    ? priorFeaturizerFor(directory, opened.spec().tierPrior(), featurizer) : null;
        } catch (RuntimeException e) {
            classifier.close();
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        this.outcomes = opened;
        this.priorReader = priorFeaturizer != null ? priorFeaturizer : featurizer;
        this.instructionDimensions = opened != null && opened.spec().tierPrior() != null
                ? opened.spec().tierPrior().instructionInputs(directory.card().featureNames()) : 0;
    }

    /**
     * The featurizer over the tier prior's own table: the same token budget and feature names as the
     * request's, its table checked against the hash the card records.
     */
    private static Featurizer priorFeaturizerFor(ModelDirectory directory, TierPrior prior, Featurizer requests) {
        Path table = directory.dir().resolve(prior.embeddingFile());
        String where = directory.dir().resolve(ModelCard.FILE_NAME) + ": 'outcome_model.tier_prior.embedding_file' ";
        Featurizer featurizer = staticFeaturizer(table, requests.spec().tokenBudget(), where + table + " is missing");
        String sha256 = featurizer.spec().embeddingModelSha256();
        if (!sha256.equals(prior.embeddingSha256())) {
            featurizer.close();
            throw new ModelDirectoryException(where + table + " has SHA-256 " + sha256 + ", the card records "
                    + prior.embeddingSha256());
        }
        if (!featurizer.featureNames().equals(requests.featureNames())) {
            featurizer.close();
            throw new ModelDirectoryException(where + table + " gives " + featurizer.dimension() + " features, the model "
                    + "reads " + requests.dimension());
        }
        return featurizer;
    }

    /**
     * Loads a model directory with a featurizer of its own (the token budget its card records).
     *
     * @throws ModelDirectoryException naming the missing, corrupt or inconsistent file
     * @throws io.routewise.features.FeatureSpecMismatchException when the model was trained on other features
     */
    public static RequestClassifier load(Path dir) {
        return load(dir, ScoreCache.NONE);
    }

    /**
     * {@link #load(Path)}, keeping the scores of requests seen lately in {@code scoreCache} for
     * {@link #score(ChatRequest)}.
     */
    public static RequestClassifier load(Path dir, ScoreCache scoreCache) {
        ModelDirectory loaded = ModelDirectory.load(dir);
        FeaturizerSpec trained = trainedSpec(loaded);
        Featurizer featurizer;
        try {
            featurizer = featurizerFor(loaded, trained);
        } catch (IllegalArgumentException e) {
            throw new ModelDirectoryException(loaded.dir().resolve(ModelCard.FILE_NAME) + ": 'featurizer': "
                    + e.getMessage(), e);
        }
        try {
            return new RequestClassifier(loaded, featurizer, true, scoreCache);
        } catch (RuntimeException e) {
            featurizer.close();
            throw e;
        }
    }

    /**
     * The featurizer a card asks for: the directory's own static embedding table when the card
     * names one, else MiniLM.
     */
    private static Featurizer featurizerFor(ModelDirectory directory, FeaturizerSpec trained) {
        if (!StaticEmbedder.isStatic(trained.embeddingModel())) {
            return Featurizer.create(trained.tokenBudget());
        }
        Path table = directory.dir().resolve(StaticEmbeddingTable.FILE_NAME);
        return staticFeaturizer(table, trained.tokenBudget(), table + " is missing: the model card's featurizer is the "
                + "static embedding " + trained.embeddingModel() + ", which this file holds");
    }

    /** A featurizer over a static table file of the directory, or the directory's error naming the file. */
    private static Featurizer staticFeaturizer(Path table, int tokenBudget, String missing) {
        if (!Files.isRegularFile(table)) {
            throw new ModelDirectoryException(missing);
        }
        try {
            return new Featurizer(StaticEmbedder.load(table, tokenBudget));
        } catch (java.io.UncheckedIOException e) {
            throw new ModelDirectoryException(e.getMessage(), e);
        }
    }

    /**
     * A loaded directory scored with a featurizer the caller owns (and closes).
     *
     * @throws io.routewise.features.FeatureSpecMismatchException when the model was trained on other features
     */
    public static RequestClassifier open(ModelDirectory directory, Featurizer featurizer) {
        return new RequestClassifier(directory, featurizer, false, ScoreCache.NONE);
    }

    /** {@code P(c|x)} for a request, in {@link #labels()} order. */
    public float[] classify(ChatRequest request) {
        return classifier.probabilities(featurizer.featurize(request));
    }

    /**
     * The class probabilities and, when the directory has an outcome model, each logged model's expected outcome;
     * from the score cache when this directory was loaded with one and has scored the same inputs before. The
     * arrays are shared and must not be written to.
     */
    public Scores score(ChatRequest request) {
        Featurizer.Featurized features = featurizer.featurizeWithText(request);
        return scoreCache.get(features.vector(), features.lastUserTurn(), () -> score(request, features));
    }

    /**
     * {@link #score(ChatRequest)} computed now, neither read from the score cache nor kept in it: for warming
     * the scoring code up, which a cache hit would skip.
     */
    public Scores scoreAfresh(ChatRequest request) {
        return score(request, featurizer.featurizeWithText(request));
    }

    private Scores score(ChatRequest request, Featurizer.Featurized features) {
        return score(features.vector(), features.lastUserTurn(), tierPriorInput(request, features));
    }

    /** Where {@link #score(ChatRequest)} keeps the scores of requests seen lately ({@link ScoreCache#NONE}: nowhere). */
    public ScoreCache scoreCache() {
        return scoreCache;
    }

    /**
     * What the tier prior reads for a request (its ease, through the outcome model): the last user turn alone,
     * as its labelled prompts were trained, through the prior's own table when it has one, with the instruction's
     * inputs when its head reads them; the request's own features when the directory has no tier prior.
     */
    public float[] tierPriorInput(ChatRequest request) {
        return tierPriorInput(request, featurizer.featurizeWithText(request));
    }

    private float[] tierPriorInput(ChatRequest request, Featurizer.Featurized features) {
        return outcomes == null || !outcomes.readsEase() ? features.vector()
                : withInstruction(featurizer.featurizeLastUserTurnWith(priorReader, request, features),
                        features.lastUserTurn());
    }

    /**
     * {@link #score(ChatRequest)} for a feature vector the caller computed with this directory's featurizer
     * (the tier prior's ease is read from the same vector, as for a request of one plain user message, or
     * from the last user turn through the prior's own table when it has one).
     *
     * @param lastUserTurn the request's last user turn ({@link Featurizer#lastUserTurn})
     */
    public Scores score(float[] features, String lastUserTurn) {
        // A prior with its own table implies an outcome model that reads the ease.
        return score(features, lastUserTurn, withInstruction(priorFeaturizer != null
                ? priorFeaturizer.featurizeAlone(lastUserTurn) : features, lastUserTurn));
    }

    /** The last user turn's features, with the instruction's inputs when the prior's head reads them (so has a prior). */
    private float[] withInstruction(float[] turnFeatures, String lastUserTurn) {
        return instructionDimensions == 0 ? turnFeatures
                : io.routewise.features.InstructionFeatures.of(turnFeatures, lastUserTurn, priorReader, instructionDimensions);
    }

    private Scores score(float[] features, String lastUserTurn, float[] easeFeatures) {
        float[] p = classifier.probabilities(features);
        return outcomes == null ? Scores.classesOnly(p)
                : new Scores(p, outcomes.predict(features, lastUserTurn, easeFeatures));
    }

    /** The outcome model, or null for a directory that has none (format 1). */
    public OutcomeModel outcomeModel() {
        return outcomes;
    }

    public Featurizer featurizer() {
        return featurizer;
    }

    /** Class names in the order of {@link #classify}. */
    public List<String> labels() {
        return classifier.labels();
    }

    public ModelDirectory directory() {
        return directory;
    }

    public RoutingWeights weights() {
        return directory.weights();
    }

    /**
     * What identifies this model in decisions and logs: the first 12 hex digits of the SHA-256 of
     * {@code classifier.onnx} followed by {@code routing-weights.json}, so retrained weights or a
     * recalibration give a new version while a copy of the same directory keeps it.
     */
    public String version() {
        return version;
    }

    @Override
    public void close() {
        try {
            classifier.close();
            if (outcomes != null) {
                outcomes.close();
            }
            if (priorFeaturizer != null) {
                priorFeaturizer.close();
            }
        } finally {
            if (ownsFeaturizer) {
                featurizer.close();
            }
        }
    }

    /** The featurizer spec a model card records, read from its {@code featurizer} object. */
    static FeaturizerSpec trainedSpec(ModelDirectory directory) {
        Path file = directory.dir().resolve(ModelCard.FILE_NAME);
        ModelCard card = directory.card();
        JsonNode node = card.featurizer();
        if (node == null || !node.isObject()) {
            throw new ModelDirectoryException(file + ": 'featurizer' is missing; the card must record the featurizer "
                    + "spec the classifier was trained with");
        }
        List<String> names = new ArrayList<>();
        JsonNode namesNode = field(node, "featureNames", "feature_names");
        if (namesNode != null && namesNode.isArray()) {
            namesNode.forEach(n -> names.add(n.asText()));
        } else {
            names.addAll(card.featureNames());
        }
        String version = text(node, file, "version", "version");
        String model = text(node, file, "embeddingModel", "embedding_model");
        JsonNode sha = field(node, "embeddingModelSha256", "embedding_model_sha256");
        JsonNode budget = field(node, "tokenBudget", "token_budget");
        JsonNode prefix = field(node, "systemPrefixChars", "system_prefix_chars");
        if (budget == null || !budget.canConvertToInt() || prefix == null || !prefix.canConvertToInt()) {
            throw new ModelDirectoryException(file + ": 'featurizer' needs integer 'token_budget' and "
                    + "'system_prefix_chars' (this card has " + node.toString() + ")");
        }
        return new FeaturizerSpec(version, model, sha == null || sha.isNull() ? null : sha.asText(), budget.asInt(),
                prefix.asInt(), names);
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode v = node.get(camel);
        return v != null ? v : node.get(snake);
    }

    private static String text(JsonNode node, Path file, String camel, String snake) {
        JsonNode v = field(node, camel, snake);
        if (v == null || !v.isTextual()) {
            throw new ModelDirectoryException(file + ": 'featurizer." + snake + "' is missing; the card must record the "
                    + "featurizer spec the classifier was trained with");
        }
        return v.asText();
    }

    private static String versionOf(ModelDirectory directory) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            digest(sha, directory.classifierFile());
            digest(sha, directory.dir().resolve(RoutingWeights.FILE_NAME));
            OutcomeSpec spec = directory.card().outcomeModel();
            if (spec != null) {
                String priorTable = spec.tierPrior() == null ? null : spec.tierPrior().embeddingFile();
                for (String file : new String[] {spec.headsFile(), spec.neighboursFile(), spec.lexicalFile(),
                        StaticEmbeddingTable.FILE_NAME, priorTable}) {
                    if (file != null && Files.isRegularFile(directory.dir().resolve(file))) {
                        digest(sha, directory.dir().resolve(file));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void digest(MessageDigest sha, Path file) {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ModelDirectoryException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
