package io.routewise.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Known correct answers, by prompt. When a request's last user message is a known prompt, the
 * simulator answers it correctly with the model's {@code quality} as probability, and otherwise
 * gives a plausible wrong answer, so evaluation runs against the simulator measure something.
 * A reference is either a short fact (answered as "The answer is ...") or, when {@code verbatim},
 * a complete answer (JSON, code, constrained text) returned exactly as written. Prompts are
 * matched after trimming and collapsing whitespace. Thread-safe.
 */
public final class ReferenceAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /**
     * One known answer.
     *
     * @param text     the answer, trimmed
     * @param verbatim whether {@code text} is a complete answer to return as-is, not a short fact
     */
    public record Reference(String text, boolean verbatim) {
    }

    private final Map<String, Reference> byPrompt = new ConcurrentHashMap<>();

    /** Adds (or replaces) the reference answer of one prompt: a short fact. */
    public void put(String prompt, String reference) {
        put(prompt, reference, false);
    }

    /** Adds (or replaces) the reference answer of one prompt; {@code verbatim} as in {@link Reference}. */
    public void put(String prompt, String reference, boolean verbatim) {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("a reference answer needs a non-blank prompt");
        }
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("the reference answer of prompt '" + abbreviate(prompt)
                    + "' is blank");
        }
        byPrompt.put(normalise(prompt), new Reference(reference.strip(), verbatim));
    }

    /** The reference answer text of this prompt, or null when none is known. */
    public String lookup(String prompt) {
        Reference reference = find(prompt);
        return reference == null ? null : reference.text();
    }

    /** The reference of this prompt, or null when none is known. */
    public Reference find(String prompt) {
        if (prompt == null || byPrompt.isEmpty()) {
            return null;
        }
        return byPrompt.get(normalise(prompt));
    }

    public int size() {
        return byPrompt.size();
    }

    public void clear() {
        byPrompt.clear();
    }

    /**
     * Adds the entries of a JSON object {@code {"prompt": ..., "reference": ..., "verbatim": false}}
     * ({@code verbatim} optional), or of an array of them. Objects without a {@code reference}
     * (e.g. open-ended prompts) are skipped.
     *
     * @return how many references were added
     * @throws IllegalArgumentException naming what is wrong with the JSON
     */
    public int addJson(JsonNode node) {
        if (node.isArray()) {
            int added = 0;
            for (int i = 0; i < node.size(); i++) {
                try {
                    added += addJson(node.get(i));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("entry " + i + ": " + e.getMessage(), e);
                }
            }
            return added;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected an object {\"prompt\": ..., \"reference\": ...} or an array of them");
        }
        JsonNode prompt = node.get("prompt");
        if (prompt == null || !prompt.isTextual()) {
            throw new IllegalArgumentException("'prompt' must be a string");
        }
        JsonNode reference = node.get("reference");
        if (reference == null || reference.isNull()) {
            return 0;
        }
        JsonNode verbatim = node.get("verbatim");
        if (verbatim != null && !verbatim.isNull() && !verbatim.isBoolean()) {
            throw new IllegalArgumentException("'verbatim' must be true or false");
        }
        put(prompt.asText(), reference.isTextual() ? reference.asText() : reference.toString(),
                verbatim != null && verbatim.asBoolean());
        return 1;
    }

    /**
     * Loads a JSONL file (plain or gzip) of {@code {"prompt", "reference"}} lines, with an optional
     * {@code verbatim} flag (so an {@code eval-sets/*.jsonl} file loads as is); other fields are ignored, blank lines and lines without a reference are skipped. The
     * shared {@code labelled-prompts.jsonl.gz} has this shape.
     *
     * @return how many references were added
     * @throws IllegalArgumentException naming the file and line of a malformed line
     */
    public int load(Path file) {
        try (BufferedReader reader = io.routewise.json.JsonLines.open(file)) {
            int added = 0;
            int lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    added += addJson(JSON.readTree(line));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": " + e.getMessage(), e);
                }
            }
            return added;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference answers from " + file + ": " + e.getMessage(), e);
        }
    }

    static String normalise(String prompt) {
        return WHITESPACE.matcher(prompt.strip()).replaceAll(" ");
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
