package io.routewise.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import io.routewise.chat.Usage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a simulated model's answer. The answer is a pure function of the request's messages,
 * the model name and the seed (plus the run nonce for the correctness draw), so tests can rely
 * on it. What kind of answer it is follows the request:
 * <ol>
 *   <li>tools offered, {@code tool_choice} not {@code none}, last message not a tool result: a
 *       call to the named tool (or the one whose name and description best match the prompt),
 *       with arguments built from its parameter schema; finish reason {@code tool_calls};</li>
 *   <li>last message a tool result: text that reports that result;</li>
 *   <li>JSON mode: the reference when it is JSON, else a JSON object ({@code {"answer": ...}}, or
 *       a value of the given schema);</li>
 *   <li>a verbatim reference (a complete answer): that text;</li>
 *   <li>otherwise a few sentences that echo the question. When the prompt has a reference
 *       answer, the text contains it;</li>
 * </ol>
 * With a reference, the answer is right with probability {@code quality}; otherwise it is a
 * plausible wrong answer of the same kind ({@link WrongAnswers}).
 * Text and JSON answers are cut at {@code max_tokens} (finish reason {@code length}).
 */
final class AnswerGenerator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Prose answers stay within about 120 tokens. */
    private static final int MAX_CHARS = 120 * TokenEstimate.CHARS_PER_TOKEN;

    private static final String[] OPENERS = {
        "You asked about %s.", "On the question of %s, here is a short answer.", "Regarding %s, a few points stand out.",
        "Let me address %s directly.", "Here is how I would think about %s."};
    private static final String[] SUBJECTS = {
        "the main idea", "a careful approach", "the usual method", "the key constraint", "a simple model",
        "the evidence", "the standard explanation", "a practical rule", "the underlying mechanism", "this trade-off"};
    private static final String[] VERBS = {
        "depends on", "follows from", "is shaped by", "balances", "clarifies", "reduces", "highlights",
        "builds on", "explains", "rests on"};
    private static final String[] OBJECTS = {
        "the assumptions involved", "cost and quality", "the available data", "the context of the question",
        "a few well known principles", "the definitions used", "the scale of the problem", "earlier results",
        "how the parts interact", "the goal you have in mind"};
    private static final String[] TAILS = {
        "", " in most cases", ", so it is worth checking the details", " when the inputs are reasonable",
        ", as a rule of thumb", " for practical purposes", ", although exceptions exist"};
    private static final Set<String> STOPWORDS = Set.of(
        "what", "which", "when", "where", "who", "whom", "whose", "why", "how", "that", "this", "these", "those",
        "with", "from", "into", "about", "there", "their", "they", "them", "then", "than", "have", "has", "had",
        "does", "did", "doing", "would", "could", "should", "will", "shall", "your", "yours", "please", "tell",
        "give", "explain", "write", "make", "some", "more", "most", "very", "just", "also", "only", "each",
        "such", "been", "being", "were", "was", "are", "is", "and", "the", "for", "not", "but", "you", "can");

    private final ReferenceAnswers references;

    AnswerGenerator(ReferenceAnswers references) {
        this.references = references;
    }

    SimulatedAnswer answer(ChatRequest request, String model, double quality, long seed, String nonce) {
        long contentHash = contentHash(request, model, seed);
        SplittableRandom random = new SplittableRandom(contentHash);
        int inputTokens = TokenEstimate.input(request);
        String prompt = lastText(request, Role.USER);
        List<String> keywords = keywords(prompt);

        Message last = request.messages().isEmpty() ? null : request.messages().get(request.messages().size() - 1);
        boolean afterToolResult = last != null && last.role() == Role.TOOL;
        ToolChoice choice = request.toolChoice() == null ? ToolChoice.AUTO : request.toolChoice();
        if (request.usesTools() && choice.mode() != ToolChoice.Mode.NONE && !afterToolResult) {
            return toolCall(request, choice, prompt, keywords, random, contentHash, inputTokens);
        }

        ReferenceAnswers.Reference known = afterToolResult ? null : references.find(prompt);
        String reference = known == null ? null : known.text();
        Boolean correct = reference == null ? null
                : new StableHash().add(ReferenceAnswers.normalise(prompt)).add(model).add(seed).add(nonce).unit() < quality;
        String text;
        if (request.responseFormat().wantsJson()) {
            text = json(request.responseFormat(), reference, correct, keywords, random);
        } else if (afterToolResult) {
            text = afterTool(request, last, keywords, random);
        } else if (known != null && known.verbatim()) {
            text = correct ? reference : WrongAnswers.verbatim(reference);
        } else {
            text = prose(reference, correct, keywords, random);
        }
        return capped(text, request.maxTokens(), inputTokens, correct);
    }

    // ---- answer kinds -----------------------------------------------------------------------

    private static SimulatedAnswer toolCall(ChatRequest request, ToolChoice choice, String prompt,
                                            List<String> keywords, SplittableRandom random, long hash,
                                            int inputTokens) {
        ToolDefinition tool = chooseTool(request.tools(), choice, keywords);
        List<String> words = properNouns(prompt);
        words.addAll(keywords);
        String arguments = new SchemaValues(tool.parameters(), words, random).value().toString();
        ToolCall call = new ToolCall("call_" + StableHash.hex(hash, 24), tool.name(), arguments);
        Usage usage = new Usage(inputTokens, TokenEstimate.of(tool.name()) + TokenEstimate.of(arguments), 0);
        return new SimulatedAnswer(Message.assistantToolCalls(List.of(call)), FinishReason.TOOL_CALLS, usage, null);
    }

    private static String afterTool(ChatRequest request, Message result, List<String> keywords,
                                    SplittableRandom random) {
        String toolName = "tool";
        for (Message m : request.messages()) {
            for (ToolCall call : m.toolCalls()) {
                if (call.id() != null && call.id().equals(result.toolCallId())) {
                    toolName = call.name();
                }
            }
        }
        String output = result.text().strip();
        if (output.length() > 200) {
            output = output.substring(0, 200) + "...";
        }
        StringBuilder sb = new StringBuilder("The ").append(toolName).append(" tool returned: ").append(output)
                .append(". Based on that result, ");
        String sentence = sentence(random);
        sb.append(Character.toLowerCase(sentence.charAt(0))).append(sentence.substring(1));
        fill(sb, 60 + random.nextInt(120), random);
        return sb.toString();
    }

    /**
     * JSON mode. With a known reference: the reference itself when it is a JSON object or array
     * (a corrupted copy when wrong), else {@code {"answer": <reference or a wrong fact>}}. Without
     * one: a value of the schema, or {@code {"answer": <prose>}}.
     */
    private static String json(ResponseFormat format, String reference, Boolean correct, List<String> keywords,
                               SplittableRandom random) {
        JsonNode referenceJson = reference == null ? null : WrongAnswers.jsonContainer(reference);
        if (referenceJson != null) {
            return correct ? reference : WrongAnswers.corrupt(referenceJson).toString();
        }
        if (reference == null && format.type() == ResponseFormat.Type.JSON_SCHEMA && format.schema() != null) {
            return new SchemaValues(format.schema(), keywords, random).value().toString();
        }
        ObjectNode object = NODES.objectNode();
        object.put("answer", reference != null
                ? (correct ? reference : wrongAnswer(reference, random))
                : opener(keywords, random) + " " + sentence(random));
        object.put("confidence", Math.round((0.5 + 0.5 * random.nextDouble()) * 100) / 100.0);
        return object.toString();
    }

    private static String prose(String reference, Boolean correct, List<String> keywords, SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        if (reference != null) {
            sb.append("The answer is ").append(correct ? reference : wrongAnswer(reference, random)).append('.');
        } else {
            sb.append(opener(keywords, random));
        }
        // 20 to 120 tokens at about 4 characters each
        fill(sb, (20 + random.nextInt(101)) * TokenEstimate.CHARS_PER_TOKEN, random);
        String text = sb.toString();
        if (reference != null && !correct && containsIgnoringCase(text, reference)) {
            // the filler happened to contain the reference: keep the wrong answer alone
            text = "The answer is " + wrongAnswer(reference, random) + ".";
        }
        return text;
    }

    private static SimulatedAnswer capped(String text, Integer maxTokens, int inputTokens, Boolean correct) {
        FinishReason finish = FinishReason.STOP;
        if (maxTokens != null && maxTokens >= 0 && TokenEstimate.of(text) > maxTokens) {
            text = text.substring(0, maxTokens * TokenEstimate.CHARS_PER_TOKEN);
            finish = FinishReason.LENGTH;
        }
        Usage usage = new Usage(inputTokens, TokenEstimate.of(text), 0);
        return new SimulatedAnswer(Message.text(Role.ASSISTANT, text), finish, usage, correct);
    }

    // ---- text pieces ------------------------------------------------------------------------

    private static String opener(List<String> keywords, SplittableRandom random) {
        if (keywords.isEmpty()) {
            return "Here is a short answer.";
        }
        int n = Math.min(keywords.size(), 3);
        String topic = n == 1 ? keywords.get(0)
                : String.join(", ", keywords.subList(0, n - 1)) + " and " + keywords.get(n - 1);
        return String.format(Locale.ROOT, pick(OPENERS, random), topic);
    }

    private static String sentence(SplittableRandom random) {
        String s = pick(SUBJECTS, random) + " " + pick(VERBS, random) + " " + pick(OBJECTS, random)
                + pick(TAILS, random) + ".";
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Adds sentences until the text reaches {@code targetChars}, never going past {@link #MAX_CHARS}. */
    private static void fill(StringBuilder sb, int targetChars, SplittableRandom random) {
        while (sb.length() < targetChars) {
            String next = sentence(random);
            if (sb.length() + 1 + next.length() > MAX_CHARS) {
                break;
            }
            sb.append(' ').append(next);
        }
    }

    /** A wrong short fact of the same kind as the reference (see {@link WrongAnswers#fact}). */
    static String wrongAnswer(String reference, SplittableRandom random) {
        return WrongAnswers.fact(reference, random);
    }

    /** Up to five distinct content words of the prompt, in order, lower-cased unless proper nouns. */
    static List<String> keywords(String prompt) {
        Set<String> words = new LinkedHashSet<>();
        for (String raw : prompt.split("[^\\p{L}\\p{N}'-]+")) {
            String w = raw.replaceAll("^['-]+|['-]+$", "");
            if (w.length() >= 4 && !STOPWORDS.contains(w.toLowerCase(Locale.ROOT))) {
                words.add(w);
                if (words.size() == 5) {
                    break;
                }
            }
        }
        return new ArrayList<>(words);
    }

    /** Capitalised words that do not start a sentence (likely names, e.g. a city), in order. */
    static List<String> properNouns(String prompt) {
        List<String> nouns = new ArrayList<>();
        String[] tokens = prompt.split("\\s+");
        for (int i = 1; i < tokens.length; i++) {
            String w = tokens[i].replaceAll("[^\\p{L}\\p{N}-]", "");
            boolean sentenceStart = tokens[i - 1].endsWith(".") || tokens[i - 1].endsWith("?")
                    || tokens[i - 1].endsWith("!");
            if (w.length() >= 2 && Character.isUpperCase(w.charAt(0)) && !sentenceStart && !nouns.contains(w)) {
                nouns.add(w);
            }
        }
        return nouns;
    }

    private static ToolDefinition chooseTool(List<ToolDefinition> tools, ToolChoice choice, List<String> keywords) {
        if (choice.mode() == ToolChoice.Mode.FUNCTION) {
            for (ToolDefinition t : tools) {
                if (t.name().equals(choice.functionName())) {
                    return t;
                }
            }
        }
        ToolDefinition best = tools.get(0);
        int bestScore = 0;
        for (ToolDefinition t : tools) {
            String about = (t.name() + " " + (t.description() == null ? "" : t.description())).toLowerCase(Locale.ROOT);
            int score = 0;
            for (String k : keywords) {
                if (about.contains(k.toLowerCase(Locale.ROOT))) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = t;
                bestScore = score;
            }
        }
        return best;
    }

    private static long contentHash(ChatRequest request, String model, long seed) {
        StableHash hash = new StableHash().add(model).add(seed);
        for (Message m : request.messages()) {
            hash.add(m.role().wireName());
            for (ContentPart part : m.content()) {
                hash.add(part instanceof ContentPart.Text t ? t.text() : ((ContentPart.Image) part).url());
            }
            for (ToolCall call : m.toolCalls()) {
                hash.add(call.name()).add(call.arguments());
            }
            hash.add(m.toolCallId());
        }
        hash.add(request.responseFormat().type().name());
        for (ToolDefinition t : request.tools()) {
            hash.add(t.name());
        }
        return hash.value();
    }

    private static String lastText(ChatRequest request, Role role) {
        List<Message> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == role) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    private static String pick(String[] options, SplittableRandom random) {
        return options[random.nextInt(options.length)];
    }

    private static boolean containsIgnoringCase(String text, String part) {
        return text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}
