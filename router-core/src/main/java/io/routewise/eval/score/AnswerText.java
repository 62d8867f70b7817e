package io.routewise.eval.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pieces scorers take out of a model's answer: normalised words, a JSON value, a code block.
 * Models wrap answers in prose and Markdown, so every extraction tolerates both.
 */
final class AnswerText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern FENCE = Pattern.compile("```[ \\t]*([\\w+#.-]*)[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL);

    private AnswerText() {
    }

    /**
     * Lower case, accents removed, every run of punctuation and whitespace turned into one space,
     * padded with a space on both sides so that whole words can be found with {@code contains(" w ")}.
     */
    static String normalise(String text) {
        String decomposed = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        return " " + NON_WORD.matcher(plain).replaceAll(" ").strip() + " ";
    }

    /** Whether {@code phrase} occurs as whole words in {@code normalisedText} (from {@link #normalise}). */
    static boolean containsWords(String normalisedText, String phrase) {
        String p = normalise(phrase);
        return !p.isBlank() && normalisedText.contains(p);
    }

    /**
     * The JSON value in an answer: the whole text, else the content of a fenced block, else the
     * first {@code {...}} or {@code [...]} span that parses. Null when there is none.
     */
    static JsonNode json(String answer) {
        if (answer == null) {
            return null;
        }
        JsonNode whole = parse(answer.strip());
        if (whole != null && (whole.isContainerNode() || whole.isValueNode())) {
            return whole;
        }
        Matcher fence = FENCE.matcher(answer);
        while (fence.find()) {
            JsonNode fenced = parse(fence.group(2).strip());
            if (fenced != null) {
                return fenced;
            }
        }
        for (int i = 0; i < answer.length(); i++) {
            char c = answer.charAt(i);
            if (c == '{' || c == '[') {
                JsonNode span = parsePrefix(answer.substring(i));
                if (span != null) {
                    return span;
                }
            }
        }
        return null;
    }

    /** The code in an answer: the first fenced block's content, else the whole text. */
    static String code(String answer) {
        if (answer == null) {
            return "";
        }
        Matcher fence = FENCE.matcher(answer);
        return fence.find() ? fence.group(2) : answer;
    }

    /** Text for a detail message: one line, at most 60 characters. */
    static String brief(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    private static JsonNode parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try (var parser = Json.MAPPER.createParser(text)) {
            JsonNode node = Json.MAPPER.readTree(parser);
            // the whole text must be that one value
            return node != null && parser.nextToken() == null ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static JsonNode parsePrefix(String text) {
        try (var parser = Json.MAPPER.createParser(text)) {
            JsonNode node = Json.MAPPER.readTree(parser);
            return node != null && node.isContainerNode() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
