package io.routewise.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;

/**
 * Turns a chat request into the classifier's input vector. Training and serving both use this
 * class, so a request featurizes the same way in both.
 *
 * <p>The vector is the embedding of the prompt ({@code emb_000}..{@code emb_383} for MiniLM, as many
 * as the {@link PromptEmbedder} gives) followed by the {@link StructuralFeatures} ({@code st_...}). The embedded text is the last user turn
 * followed by the first {@value #SYSTEM_PREFIX_CHARS} characters of the system prompt: the user's
 * words come first so that truncation to the token budget cuts the system prompt, not the question.
 * Feature names are zero-padded so that alphabetical order equals vector order (Tribuo's ONNX
 * export orders features by name).
 *
 * <p>Thread-safe; {@link #close()} closes the embedder.
 */
public final class Featurizer implements AutoCloseable {

    /** Characters of the system (and developer) prompt embedded after the user turn. */
    /** The names of the embedding's features: {@code emb_000}, {@code emb_001}, ... */
    public static final String EMBEDDING_PREFIX = "emb_";
    /** The feature that measures the last user turn's size: its estimated tokens t as ln(1 + t) / {@link #TOKEN_LOG_SCALE}. */
    public static final String USER_TOKENS_FEATURE = StructuralFeatures.Feature.USER_TOKENS.featureName();
    /** ln(1 + the tokens at which the size features reach 1). */
    public static final double TOKEN_LOG_SCALE = Math.log1p(StructuralFeatures.TOKEN_CEILING);
    public static final int SYSTEM_PREFIX_CHARS = 200;

    private final PromptEmbedder embedder;
    private final List<String> featureNames;
    private final FeaturizerSpec spec;

    public Featurizer(PromptEmbedder embedder) {
        this.embedder = embedder;
        if (embedder.dimensions() > 1000) {
            throw new IllegalArgumentException("feature names have three digits; an embedding of " + embedder.dimensions()
                    + " dimensions does not fit");
        }
        this.featureNames = featureNames(embedder.dimensions());
        this.spec = new FeaturizerSpec(FeaturizerSpec.VERSION, embedder.modelId(), embedder.modelSha256(),
                embedder.tokenBudget(), SYSTEM_PREFIX_CHARS, featureNames);
    }

    /** The feature names of a featurizer whose embedding has {@code dimensions} values. */
    public static List<String> featureNames(int dimensions) {
        List<String> names = new ArrayList<>(dimensions + StructuralFeatures.size());
        for (int i = 0; i < dimensions; i++) {
            names.add(String.format(Locale.ROOT, EMBEDDING_PREFIX + "%03d", i));
        }
        names.addAll(StructuralFeatures.names());
        return List.copyOf(names);
    }

    /** A featurizer with its own embedder: this token budget, one inference slot per core. */
    public static Featurizer create(int tokenBudget) {
        return new Featurizer(new SentenceEmbedder(tokenBudget, Runtime.getRuntime().availableProcessors()));
    }

    /** The feature vector of a request, in {@link #featureNames()} order. */
    public float[] featurize(ChatRequest request) {
        return featurizeWithText(request).vector();
    }

    /**
     * A request's feature vector with its last user turn ({@link #lastUserTurn}), which the
     * word-overlap neighbours read: the conversation's texts are gathered once for both.
     */
    public Featurized featurizeWithText(ChatRequest request) {
        PromptText text = PromptText.of(request.messages());
        float[] out = new float[featureNames.size()];
        float[] embedding = embedder.embed(embeddingText(text));
        System.arraycopy(embedding, 0, out, 0, embedding.length);
        StructuralFeatures.write(request, text, out, embedding.length);
        return new Featurized(out, text.lastUser());
    }

    /**
     * The feature vector of the request's last user turn alone, as a conversation of that one message with
     * nothing else set: the form complexity-labelled prompts are trained in. A system prompt, earlier turns,
     * tools or a JSON response format change the full vector (the system prompt's words are embedded after
     * the user's); a reading trained on bare prompts should not see them. The full vector itself when the
     * request is already one plain user message.
     *
     * @param full the request's own features ({@link #featurizeWithText})
     */
    public float[] featurizeLastUserTurn(ChatRequest request, Featurized full) {
        return featurizeLastUserTurnWith(this, request, full);
    }

    /**
     * {@link #featurizeLastUserTurn} as {@code reader} computes it: this featurizer, or one of the same feature
     * names over another embedding (the tier prior's own table; the caller checks the names once, not per
     * request). For a request of one plain user message, the request's own vector when {@code reader} is this
     * featurizer, else that vector with {@code reader}'s embedding of the same text in place of this one's: the
     * structural features are the same, and so is the text (whose tokenization {@link WordPieces} reuses).
     */
    public float[] featurizeLastUserTurnWith(Featurizer reader, ChatRequest request, Featurized full) {
        if (!isPlain(request)) {
            return reader.featurizeAlone(full.lastUserTurn());
        }
        if (reader == this) {
            return full.vector();
        }
        float[] out = full.vector().clone();
        float[] embedding = reader.embedder.embed(full.lastUserTurn());
        System.arraycopy(embedding, 0, out, 0, embedding.length);
        return out;
    }

    /** One user message and nothing else the features read: its vector is its last user turn's alone. */
    private static boolean isPlain(ChatRequest request) {
        List<Message> messages = request.messages();
        return messages.size() == 1 && messages.get(0).role() == Role.USER
                && StructuralFeatures.readsNothingButTheMessages(request);
    }

    /** The feature vector of a conversation of this one user message with nothing else set. */
    public float[] featurizeAlone(String userTurn) {
        return featurize(List.of(Message.text(Role.USER, userTurn)));
    }

    /** A feature vector in {@link #featureNames()} order and the last user turn it was computed from. */
    public record Featurized(float[] vector, String lastUserTurn) {
    }

    /** The text a conversation is embedded from (see the class comment). */
    public static String embeddingText(List<Message> messages) {
        return embeddingText(PromptText.of(messages));
    }

    /** The feature vector of a conversation with nothing else set (as a traffic log records it). */
    public float[] featurize(List<Message> messages) {
        return featurize(ChatRequest.of("auto", messages));
    }

    /** The text of a conversation's last user turn (its text parts joined by newlines), "" when it has none. */
    public static String lastUserTurn(List<Message> messages) {
        return PromptText.of(messages).lastUser();
    }

    /** {@code emb_000}.., then {@code st_<name>}: vector order, also alphabetical. */
    public List<String> featureNames() {
        return featureNames;
    }

    public int dimension() {
        return featureNames.size();
    }

    /** What a model card records, and what serving checks a model against. */
    public FeaturizerSpec spec() {
        return spec;
    }

    /** The text that is embedded: the last user turn, then a prefix of the system prompt. */
    static String embeddingText(PromptText text) {
        String system = prefix(text.instructions().strip(), SYSTEM_PREFIX_CHARS);
        String user = text.lastUser();
        if (system.isEmpty()) {
            return user;
        }
        return user.isEmpty() ? system : user + "\n\n" + system;
    }

    private static String prefix(String s, int chars) {
        if (s.length() <= chars) {
            return s;
        }
        int end = chars;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--; // do not split a surrogate pair
        }
        return s.substring(0, end);
    }

    @Override
    public void close() {
        embedder.close();
    }
}
