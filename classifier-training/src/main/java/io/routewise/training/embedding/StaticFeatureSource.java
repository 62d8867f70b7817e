package io.routewise.training.embedding;

import io.routewise.chat.Message;
import io.routewise.features.Featurizer;
import io.routewise.features.SentenceEmbedder;
import io.routewise.features.StaticEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import io.routewise.features.WordPieces;
import io.routewise.training.FeatureSource;
import io.routewise.training.FeaturizerSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The featurizer of a model that embeds with a static table ({@link StaticEmbedder}): before training
 * it has no table. {@link #fittedOn} distils one from MiniLM with the training prompts' piece
 * frequencies ({@link StaticDistillation}), writes it into the model directory and returns the
 * featurizer that reads it, the same one serving builds from the directory. The piece vectors are
 * MiniLM's alone, so they are computed once per source however many trainings it fits.
 */
public final class StaticFeatureSource implements FeatureSource {

    /** The table's dimensions unless told otherwise. */
    public static final int DEFAULT_DIMENSIONS = 256;
    /** The most word pieces of a prompt a static embedding sums unless told otherwise. */
    public static final int DEFAULT_TOKEN_BUDGET = 512;
    /**
     * The most training prompts {@code routewise train} refines the table on unless told otherwise
     * ({@link StaticRefinement}): more than the shared traffic's training part holds (16,442 distinct prompts;
     * MiniLM embeds each once, about 55-80 s here for all of them). Over the five folds of the generalisation
     * protocol the refined table routes as well as MiniLM on every shared set, where the distilled one fell short
     * on routellm-mmlu (docs/features.md). The tier prior keeps the distilled table
     * ({@link StaticEmbeddingTable#DISTILLED_FILE_NAME}): read through the refined one, it sent more easy probe
     * prompts in other languages to tier 3.
     */
    public static final int DEFAULT_REFINE_PROMPTS = 20_000;

    /** The refinement's shuffling seed: fixed, so the same training prompts give the same table. */
    static final long REFINE_SEED = 7;

    private final int dimensions;
    private final int tokenBudget;
    private final List<String> names;
    private final List<FeaturizerSource> fitted = new ArrayList<>();
    private final Function<PrintStream, PieceVectors> distil;
    /** MiniLM's vectors of whole texts, for the refinement; null: the table is distilled only. */
    private final SentenceVectors sentences;
    private final int refinePrompts;
    private PieceVectors pieceVectors;

    /** MiniLM's embedding of whole texts (the targets {@link StaticRefinement} moves the rows toward). */
    public interface SentenceVectors extends AutoCloseable {
        /** One unit vector per text, in order. */
        List<float[]> embed(List<String> texts, PrintStream progress);

        @Override
        void close();
    }

    /** Every vocabulary piece's vector and the model they come from. */
    public record PieceVectors(float[][] vectors, String sourceModel, String sourceModelSha256) {
    }

    /**
     * Distils from the shipped MiniLM on {@code threads} inference threads, then refines the table on up to
     * {@code refinePrompts} training prompts (0: distils only).
     */
    public StaticFeatureSource(int dimensions, int tokenBudget, int threads, int refinePrompts) {
        this(dimensions, tokenBudget, progress -> {
            try (SentenceEmbedder minilm = new SentenceEmbedder(SentenceEmbedder.DEFAULT_TOKEN_BUDGET, threads)) {
                return new PieceVectors(StaticDistillation.pieceVectors(minilm, WordPieces.vocabularySize(), threads,
                        progress), minilm.modelId(), minilm.modelSha256());
            }
        }, refinePrompts > 0 ? new MiniLmSentences(threads) : null, refinePrompts);
    }

    /** With the piece vectors from {@code distil} (tests give their own instead of running MiniLM); distilled only. */
    public StaticFeatureSource(int dimensions, int tokenBudget, Function<PrintStream, PieceVectors> distil) {
        this(dimensions, tokenBudget, distil, null, 0);
    }

    /**
     * @param sentences     whole-text vectors the table is refined toward ({@link StaticRefinement}); null to
     *                      distil only
     * @param refinePrompts the most training prompts the refinement reads
     */
    public StaticFeatureSource(int dimensions, int tokenBudget, Function<PrintStream, PieceVectors> distil,
                               SentenceVectors sentences, int refinePrompts) {
        if (dimensions < 1 || dimensions > SentenceEmbedder.DIMENSIONS) {
            throw new IllegalArgumentException("static embedding dimensions must be 1.." + SentenceEmbedder.DIMENSIONS
                    + ", got " + dimensions);
        }
        if (tokenBudget < 1 || tokenBudget > 4096) {
            throw new IllegalArgumentException("token budget must be 1..4096, got " + tokenBudget);
        }
        this.dimensions = dimensions;
        this.tokenBudget = tokenBudget;
        this.distil = distil;
        if (sentences != null && refinePrompts < 1) {
            throw new IllegalArgumentException("refining needs at least one prompt, got " + refinePrompts);
        }
        this.sentences = sentences;
        this.refinePrompts = refinePrompts;
        this.names = Featurizer.featureNames(dimensions);
    }

    @Override
    public float[] features(List<Message> messages) {
        throw new IllegalStateException("a static embedding featurizes only once fitted on the training part (fittedOn)");
    }

    @Override
    public List<String> names() {
        return names;
    }

    /** Before fitting: what is known of the featurizer (the table's hash comes with the table). */
    @Override
    public Map<String, Object> spec() {
        return Map.of("embedding_model", StaticEmbedder.MODEL_ID_PREFIX + "(not fitted)/d" + dimensions,
                "token_budget", tokenBudget, "system_prefix_chars", Featurizer.SYSTEM_PREFIX_CHARS);
    }

    @Override
    public synchronized FeatureSource fittedOn(List<List<Message>> training, Path modelDir, PrintStream progress) {
        List<String> corpus = new ArrayList<>(training.size());
        training.forEach(c -> corpus.add(Featurizer.embeddingText(c)));
        if (pieceVectors == null) {
            pieceVectors = distil.apply(progress);
        }
        Path file = modelDir.resolve(StaticEmbeddingTable.FILE_NAME);
        Path distilledFile = modelDir.resolve(StaticEmbeddingTable.DISTILLED_FILE_NAME);
        Map<String, Object> provenance = new java.util.LinkedHashMap<>();
        try (WordPieces pieces = WordPieces.load(tokenBudget)) {
            float[][] raw = pieceVectors.vectors();
            StaticDistillation.Basis basis = StaticDistillation.basis(raw, dimensions);
            StaticEmbeddingTable table = StaticDistillation.distil(raw, basis, pieceVectors.sourceModel(),
                    pieceVectors.sourceModelSha256(), pieces, corpus);
            provenance.put("distilled_from", pieceVectors.sourceModel());
            provenance.put("sif", StaticDistillation.SIF);
            provenance.put("weights_from_prompts", corpus.size());
            if (sentences != null) {
                // The tier prior keeps the distilled rows: its complexity labels were fitted and probed with them.
                table.write(distilledFile);
                StaticRefinement.Result refined = refined(table.rows(), basis, corpus, progress);
                provenance.put("refinement", refined.report());
                table = new StaticEmbeddingTable(table.sourceModel(), table.sourceModelSha256(), table.vocabulary(),
                        table.dimensions(), refined.rows());
            } else {
                java.nio.file.Files.deleteIfExists(distilledFile); // a refined earlier training's, in the same directory
            }
            table.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        progress.printf("static embedding: %d x %d table from %s, piece weights from %d training prompts -> %s%n",
                pieceVectors.vectors().length, dimensions, pieceVectors.sourceModel(), corpus.size(), file);
        FeaturizerSource prior = sentences == null ? null
                : new FeaturizerSource(new Featurizer(StaticEmbedder.load(distilledFile, tokenBudget)));
        FeaturizerSource source = new FeaturizerSource(new Featurizer(StaticEmbedder.load(file, tokenBudget)),
                Map.of("static_table", provenance), prior, prior == null ? null : StaticEmbeddingTable.DISTILLED_FILE_NAME);
        fitted.add(source);
        return source;
    }

    /** The rows refined toward MiniLM's vectors of a sample of the training texts. */
    private StaticRefinement.Result refined(float[] rows, StaticDistillation.Basis basis, List<String> corpus,
                                            PrintStream progress) {
        List<String> sample = sample(corpus, refinePrompts);
        List<float[]> vectors = sentences.embed(sample, progress);
        // The static sum reads the pieces MiniLM read: its budget less [CLS] and [SEP].
        try (WordPieces read = WordPieces.load(SentenceEmbedder.DEFAULT_TOKEN_BUDGET - 2)) {
            List<long[]> ids = new ArrayList<>(sample.size());
            List<double[]> targets = new ArrayList<>(sample.size());
            for (int i = 0; i < sample.size(); i++) {
                ids.add(read.ids(sample.get(i)));
                targets.add(basis.project(vectors.get(i)));
            }
            StaticRefinement.Result result = StaticRefinement.refine(rows, basis.dims(), ids, targets, REFINE_SEED, progress);
            progress.println("static embedding refined on " + result.report().summary());
            return result;
        }
    }

    /** Up to {@code n} distinct texts, chosen by a hash of the text (the same texts give the same sample). */
    static List<String> sample(List<String> corpus, int n) {
        // Keyed by the text's hash: a repeated text is one entry.
        java.util.TreeMap<Long, String> byHash = new java.util.TreeMap<>();
        for (String text : corpus) {
            if (text != null && !text.isBlank()) {
                byHash.put(hash(text), text);
            }
        }
        return new ArrayList<>(byHash.values()).subList(0, Math.min(n, byHash.size()));
    }

    private static long hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(digest).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** MiniLM on {@code threads} threads, keeping each text's vector for later fits in the same process. */
    static final class MiniLmSentences implements SentenceVectors {
        private final int threads;
        private final Map<String, float[]> cache = new java.util.concurrent.ConcurrentHashMap<>();
        private SentenceEmbedder minilm;

        MiniLmSentences(int threads) {
            this.threads = Math.max(1, threads);
        }

        @Override
        public synchronized List<float[]> embed(List<String> texts, PrintStream progress) {
            if (minilm == null) {
                minilm = new SentenceEmbedder(SentenceEmbedder.DEFAULT_TOKEN_BUDGET, threads);
            }
            List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
            io.routewise.training.ProgressBar bar = io.routewise.training.ProgressBar.start(progress,
                    "embedding " + missing.size() + " training prompts with MiniLM (static refinement)", missing.size());
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
            try {
                pool.submit(() -> missing.parallelStream().forEach(t -> {
                    cache.put(t, minilm.embed(t));
                    bar.advance(1);
                })).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while embedding training prompts", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("embedding training prompts failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
                bar.finish();
            }
            return texts.stream().map(cache::get).toList();
        }

        @Override
        public synchronized void close() {
            if (minilm != null) {
                minilm.close();
                minilm = null;
            }
        }
    }

    @Override
    public synchronized void close() {
        fitted.forEach(FeaturizerSource::close);
        fitted.clear();
        if (sentences != null) {
            sentences.close();
        }
    }
}
