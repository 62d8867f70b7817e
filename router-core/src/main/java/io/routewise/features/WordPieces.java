package io.routewise.features;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;

/**
 * MiniLM's WordPiece tokenizer (its {@code tokenizer.json} from the classpath, lower-casing BERT
 * vocabulary of 30,522 pieces), for the {@link StaticEmbedder} and for distilling one: a text's
 * piece ids without {@code [CLS]} and {@code [SEP]}, at most a token budget of them.
 *
 * <p>A text is cut to {@value #CHARS_PER_TOKEN} characters per budgeted token before it is
 * tokenized: the tokenizer reads a whole text before it truncates, and a 1 MB prompt must not cost
 * what a 1 MB tokenization costs when only its first pieces count. A piece is rarely longer than
 * a few characters, so the cut never shortens what is embedded below the budget in practice.
 * Thread-safe.
 */
public final class WordPieces implements AutoCloseable {

    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
    /** Characters kept per budgeted token before tokenizing (see the class comment). */
    static final int CHARS_PER_TOKEN = 16;
    /** The vocabulary's {@code [CLS]} and {@code [SEP]} ids (BERT uncased). */
    public static final long CLS = 101;
    public static final long SEP = 102;

    /**
     * Each thread's last tokenization: serving embeds a plain request's text twice, through the outcome model's
     * table and the tier prior's, and the tokenizer (a native call returning every piece as a string) costs more
     * than both sums. Every instance of one budget gives the same ids for a text, so the memo is shared.
     */
    private static final ThreadLocal<LastIds> LAST = new ThreadLocal<>();

    private record LastIds(int tokenBudget, String text, long[] ids) {
    }

    private final HuggingFaceTokenizer tokenizer;
    private final int tokenBudget;

    private WordPieces(HuggingFaceTokenizer tokenizer, int tokenBudget) {
        this.tokenizer = tokenizer;
        this.tokenBudget = tokenBudget;
    }

    /** Piece ids of at most {@code tokenBudget} pieces a text. */
    public static WordPieces load(int tokenBudget) {
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("token budget must be positive, got " + tokenBudget);
        }
        return new WordPieces(tokenizer(tokenBudget, false), tokenBudget);
    }

    /**
     * The ids of {@code text}'s pieces (null counts as empty), no special tokens, at most the budget. The array is
     * the caller's own.
     */
    public long[] ids(String text) {
        if (text == null || text.isEmpty()) {
            return new long[0];
        }
        int maxChars = tokenBudget * CHARS_PER_TOKEN;
        String cut = text;
        if (cut.length() > maxChars) {
            int end = Character.isHighSurrogate(cut.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
            cut = cut.substring(0, end);
        }
        // Keyed by the cut text: a thread keeps at most the budget's characters of its last prompt.
        LastIds last = LAST.get();
        if (last != null && last.tokenBudget() == tokenBudget && last.text().equals(cut)) {
            return last.ids().clone();
        }
        long[] ids = tokenizer.encode(cut).getIds();
        LAST.set(new LastIds(tokenBudget, cut, ids));
        return ids.clone();
    }

    public int tokenBudget() {
        return tokenBudget;
    }

    /** How many pieces the vocabulary has (ids are 0 to this, exclusive); read once per process. */
    public static int vocabularySize() {
        return Vocabulary.SIZE;
    }

    /** The vocabulary's size, from the 700 KB tokenizer.json on first use. */
    private static final class Vocabulary {
        static final int SIZE = readSize();
    }

    private static int readSize() {
        try (InputStream in = ClasspathFiles.open(TOKENIZER_RESOURCE)) {
            JsonNode vocab = Json.MAPPER.readTree(in).path("model").path("vocab");
            int max = -1;
            for (JsonNode id : vocab) {
                max = Math.max(max, id.asInt());
            }
            if (max < 0) {
                throw new EmbeddingException(TOKENIZER_RESOURCE + " has no model.vocab");
            }
            return max + 1;
        } catch (IOException e) {
            throw new EmbeddingException("Cannot read " + TOKENIZER_RESOURCE + " from the classpath: " + e.getMessage(), e);
        }
    }

    /**
     * The HuggingFace tokenizer truncating at {@code maxLength} tokens, without padding.
     *
     * @param specialTokens whether {@code [CLS]} and {@code [SEP]} are added (and counted in the budget)
     */
    static HuggingFaceTokenizer tokenizer(int maxLength, boolean specialTokens) {
        DjlOffline.ensure();
        // The shipped tokenizer.json pads and truncates at 128: set both explicitly. One text per
        // call needs no padding at all.
        Map<String, String> options = Map.of(
                "maxLength", Integer.toString(maxLength),
                "modelMaxLength", Integer.toString(Math.max(maxLength, SentenceEmbedder.MAX_TOKEN_BUDGET)),
                "truncation", "true",
                "padding", "false",
                "addSpecialTokens", Boolean.toString(specialTokens));
        try (InputStream in = ClasspathFiles.open(TOKENIZER_RESOURCE)) {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(in, options);
            if (tokenizer.getMaxLength() != maxLength) {
                tokenizer.close();
                throw new EmbeddingException("The tokenizer ignored the token budget " + maxLength
                        + " (it uses " + tokenizer.getMaxLength() + ")");
            }
            return tokenizer;
        } catch (IOException e) {
            throw new EmbeddingException("Cannot load " + TOKENIZER_RESOURCE + " from the classpath: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
