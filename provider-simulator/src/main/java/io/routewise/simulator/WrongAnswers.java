package io.routewise.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The answers a simulated model gives when its correctness draw fails. Each is of the same kind as
 * the reference, so it looks plausible, and is built so that a scorer checking for the reference
 * rejects it: a nearby number, the opposite yes/no, a JSON object with keys dropped and values
 * changed, code whose body no longer does anything, or an evasive sentence.
 */
final class WrongAnswers {

    /** What a model says when it will not give the answer; it fails any reasonable check. */
    static final String EVASIVE = "I'm sorry, but I can't help with that right now.";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] WRONG_WORDS = {
        "it cannot be determined from the information given", "none of the above", "the opposite is true",
        "approximately half", "it depends entirely on the observer"};
    /** Lines that open a block but not a definition. */
    private static final Pattern CONTROL = Pattern.compile("^(if|elif|else|for|while|switch|try|with|do)\\b.*");

    private WrongAnswers() {
    }

    /**
     * A wrong short fact of the same kind as the reference: another number for a number, the
     * opposite for yes/no and true/false, otherwise a stock evasive answer. Never contains the reference.
     */
    static String fact(String reference, SplittableRandom random) {
        String ref = reference.strip();
        switch (ref.toLowerCase(Locale.ROOT)) {
            case "yes": return "no";
            case "no": return "yes";
            case "true": return "false";
            case "false": return "true";
            default: break;
        }
        BigDecimal number = parseNumber(ref);
        for (int attempt = 0; attempt < 20; attempt++) {
            String wrong;
            if (number != null) {
                BigDecimal offset = BigDecimal.valueOf(1 + random.nextInt(9 + attempt * 10));
                wrong = (random.nextBoolean() ? number.add(offset) : number.subtract(offset)).toPlainString();
            } else {
                wrong = WRONG_WORDS[random.nextInt(WRONG_WORDS.length)];
            }
            // never a string that contains the reference: a grader looking for it must not find it
            if (!wrong.toLowerCase(Locale.ROOT).contains(ref.toLowerCase(Locale.ROOT))) {
                return wrong;
            }
        }
        return "I do not know";
    }

    /**
     * A wrong complete answer: a corrupted copy of JSON ({@link #corrupt}), code with its body
     * replaced ({@link #hollowCode}), else {@link #EVASIVE}.
     */
    static String verbatim(String reference) {
        JsonNode json = jsonContainer(reference);
        if (json != null) {
            return corrupt(json).toString();
        }
        String code = hollowCode(reference);
        return code != null ? code : EVASIVE;
    }

    /** The reference parsed as a JSON object or array, or null when it is not one. */
    static JsonNode jsonContainer(String reference) {
        String text = reference.strip();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && node.isContainerNode() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * A JSON value that fails a schema or an expected value: an object keeps only its first key,
     * with that value changed (a different string or number, the other boolean, an emptied
     * container); an array becomes empty.
     */
    static JsonNode corrupt(JsonNode json) {
        if (json.isArray()) {
            return NODES.arrayNode();
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        if (fields.hasNext()) {
            Map.Entry<String, JsonNode> first = fields.next();
            out.set(first.getKey(), changed(first.getValue()));
        } else {
            out.put("error", "unavailable");
        }
        return out;
    }

    /**
     * The code with everything after its first definition line replaced by a return of
     * nothing ({@code return None} after a {@code :} line, {@code return null;} and a closing
     * brace after a <code>{</code> line); null when no definition line is found.
     */
    static String hollowCode(String reference) {
        String[] lines = reference.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (opensDefinition(line)) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j <= i; j++) {
                    sb.append(lines[j]).append('\n');
                }
                String indent = line.substring(0, line.length() - line.stripLeading().length()) + "    ";
                if (line.strip().endsWith(":")) {
                    sb.append(indent).append("return None\n");
                } else {
                    sb.append(indent).append("return null;\n").append(indent, 0, indent.length() - 4).append("}\n");
                }
                return sb.toString();
            }
        }
        return null;
    }

    /** {@code def f(x):}, {@code class Stack:}, {@code int f(int n) {}}, {@code func F(s []int) {}}. */
    private static boolean opensDefinition(String line) {
        String s = line.strip();
        boolean opens = s.endsWith(":") || s.endsWith("{");
        return opens && (s.startsWith("class ") || (s.contains("(") && !CONTROL.matcher(s).matches()));
    }

    private static JsonNode changed(JsonNode value) {
        if (value.isTextual()) {
            return NODES.textNode(value.asText() + " (unverified)");
        }
        if (value.isNumber()) {
            return NODES.numberNode(value.decimalValue().add(BigDecimal.ONE));
        }
        if (value.isBoolean()) {
            return NODES.booleanNode(!value.asBoolean());
        }
        if (value.isArray()) {
            return NODES.arrayNode();
        }
        if (value.isObject()) {
            return NODES.objectNode();
        }
        return NODES.textNode("unknown");
    }

    private static BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text.replace(",", ""));
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
