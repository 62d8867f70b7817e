package io.routewise.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;

/**
 * Cheap, deterministic features of a request's shape: its size, the conversation, and signals of
 * code, mathematics and requested structure. Every value lies in [0, 1] and is scaled here (the
 * classifier's ONNX export carries no feature scaling, so training and serving must both use these
 * exact values). Counts are squashed with {@code c / (c + h)} (0.5 at the half-point {@code h});
 * sizes are log-scaled and clipped.
 *
 * <p>Content features read the last user turn; sizes read the whole conversation.
 */
final class StructuralFeatures {

    /** One feature. Declared in alphabetical order of {@link #featureName()} (checked at startup). */
    public enum Feature {
        /** Multiple-choice options ("A. ...", "(b) ...") in the last user turn, squashed at 2. */
        CHOICES,
        /** A fenced code block (``` or ~~~) in the last user turn: 0 or 1. */
        CODE_FENCE,
        /** Share of the last user turn's non-blank lines that look like code. */
        CODE_LINES,
        /** Share of digit characters in the last user turn, times 5, clipped to 1. */
        DIGITS,
        /** Any image in the conversation: 0 or 1. */
        IMAGES,
        /** {@code response_format} asks for JSON (an object or a schema): 0 or 1. */
        JSON_MODE,
        /** Asks for a list ("list", "enumerate", "top 5", "10 ideas"): 0 or 1. */
        LIST_REQUEST,
        /** Arithmetic or algebraic expressions ("3 + 4", "x^2", "2x = 6"), squashed at 2. */
        MATH_EXPR,
        /** LaTeX ({@code \frac}, {@code \sqrt}, {@code $...$}, {@code \(...\)}), squashed at 2. */
        MATH_LATEX,
        /** Mathematical vocabulary ("equation", "integral", "probability", "prove"), squashed at 2. */
        MATH_WORDS,
        /** Share of the last user turn's letters outside ASCII: a proxy for the language. */
        NON_ASCII,
        /** Question marks in the last user turn, squashed at 1. */
        QUESTIONS,
        /** Asks for step-by-step reasoning or shown work: 0 or 1. */
        STEP_REQUEST,
        /** Mentions a structured format (JSON, YAML, XML, CSV, a table, a schema): 0 or 1. */
        STRUCTURED_REQUEST,
        /** A non-blank system or developer message: 0 or 1. */
        SYSTEM_PROMPT,
        /** Estimated tokens of the whole conversation, log-scaled: ln(1+t)/ln(1+32768), clipped. */
        TOKENS,
        /** Tool-result messages in the conversation, squashed at 1. */
        TOOL_TURNS,
        /** Tools offered to the model, squashed at 1. */
        TOOLS,
        /** User and assistant turns beyond the first, squashed at 4 (a single question is 0). */
        TURNS,
        /** Estimated tokens of the last user turn, log-scaled like {@link #TOKENS}. */
        USER_TOKENS;

        /** The name the model card and the classifier know this feature by: {@code st_<name>}. */
        public String featureName() {
            return "st_" + name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Feature[] FEATURES = Feature.values();
    private static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>();
        for (Feature f : FEATURES) {
            names.add(f.featureName());
        }
        if (!names.equals(names.stream().sorted().toList())) {
            throw new IllegalStateException("StructuralFeatures.Feature must be declared in alphabetical order");
        }
        NAMES = List.copyOf(names);
    }

    /** Tokens at which the size features reach 1 (a 32k context). */
    static final double TOKEN_CEILING = 32768;

    private static final Pattern CODE_FENCE = Pattern.compile("```|~~~");
    private static final Pattern CHOICE_LINE = Pattern.compile(
            "(?m)^\\s*(?:\\(?[A-Ha-h]\\)|[A-H][.:])\\s+\\S");
    private static final Pattern CODE_LINE = Pattern.compile(
            "^(?:def |class |import |from \\S+ import |return\\b|public |private |protected |static |function\\b"
                    + "|const |let |var |#include|package |fn |func |for\\s*\\(|if\\s*\\(|while\\s*\\(|\\} ?else"
                    + "|select .* from |insert into |update \\S+ set |create table |print\\(|console\\.|System\\.)"
                    + "|[;{}]$|\\):$|=>|::|==|!=|&&|\\|\\||\\+\\+|\\w\\(\\);?$|</?[a-zA-Z][\\w-]*[ >]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MATH_EXPR = Pattern.compile(
            "\\d\\s*[-+*/^×÷=<>≤≥]\\s*\\(?-?\\d|\\b[a-zA-Z]\\s*\\^\\s*\\d|\\b\\d+[a-z]\\s*[-+=]\\s*\\d"
                    + "|\\b[a-z]\\s*[-+*/]\\s*\\d+\\s*=|[=<>]\\s*-?\\d+\\s*[a-z]\\b|√|∑|∫|π");
    private static final Pattern MATH_LATEX = Pattern.compile(
            "\\\\(?:frac|dfrac|sqrt|sum|int|prod|lim|cdot|times|div|le|ge|leq|geq|neq|pi|theta|alpha|beta|infty"
                    + "|log|ln|sin|cos|tan|binom|mathbb|left|right|begin)\\b");
    /**
     * Maths delimiters, counted apart from the commands inside: \( and \[, and $...$ holding a
     * backslash, ^, _, { or = (so that "$5 and $3", money, does not count).
     */
    private static final Pattern MATH_DELIMITERS = Pattern.compile(
            "\\$[^$\\n]{0,80}[\\\\^_{=][^$\\n]{0,80}\\$|\\\\\\(|\\\\\\[");
    private static final Pattern MATH_WORDS = Pattern.compile(
            "\\b(?:equations?|solve|integral|integrate|derivative|differentiate|probability|theorem|prove|proof"
                    + "|calculate|compute|polynomial|matrix|matrices|vector|remainder|divisible|prime|factori[sz]e"
                    + "|fraction|percent(?:age)?|ratio|quotient|radius|area|perimeter|angle|triangle|circle"
                    + "|logarithm|exponent|inequality|modulo|integers?|real numbers?|expected value|variance"
                    + "|median|how many|how much)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern STEP_REQUEST = Pattern.compile(
            "step[- ]by[- ]step|show (?:your|the|all) (?:work|steps)|explain (?:your|the) (?:reasoning|steps)"
                    + "|walk me through|think (?:carefully|it through|through)|reason (?:carefully|through)"
                    + "|\\bjustify\\b|\\bderive\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_REQUEST = Pattern.compile(
            "\\b(?:list|enumerate|bullet(?:ed)? points?|bullets|top \\d+|give me \\d+|name \\d+"
                    + "|\\d+ (?:ideas|examples|ways|reasons|tips|things|items|options|suggestions))\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern STRUCTURED_REQUEST = Pattern.compile(
            "\\b(?:json|yaml|xml|csv|tsv|schema)\\b|(?:as|in|into) a (?:markdown )?table\\b|table format",
            Pattern.CASE_INSENSITIVE);

    private StructuralFeatures() {
    }

    /** The feature names ({@code st_...}), in vector order, which is also alphabetical order. */
    public static List<String> names() {
        return NAMES;
    }

    public static int size() {
        return FEATURES.length;
    }

    /** The features of a request, in {@link #names()} order. */
    public static float[] compute(ChatRequest request) {
        float[] out = new float[FEATURES.length];
        write(request, PromptText.of(request.messages()), out, 0);
        return out;
    }

    /**
     * Whether the request sets none of the fields beside its messages that {@link #write} reads (images,
     * a JSON response format, tools): then its features are those of its messages alone.
     */
    static boolean readsNothingButTheMessages(ChatRequest request) {
        return !request.hasImages() && !request.responseFormat().wantsJson() && request.tools().isEmpty();
    }

    /** Writes the features into {@code out} from {@code offset}. */
    static void write(ChatRequest request, PromptText text, float[] out, int offset) {
        String user = text.lastUser();
        int conversationTurns = 0;
        int toolTurns = 0;
        for (Message m : request.messages()) {
            if (m.role() == Role.USER || m.role() == Role.ASSISTANT) {
                conversationTurns++;
            } else if (m.role() == Role.TOOL) {
                toolTurns++;
            }
        }
        for (Feature f : FEATURES) {
            double value = switch (f) {
                case CHOICES -> squash(count(CHOICE_LINE, user), 2);
                case CODE_FENCE -> flag(CODE_FENCE.matcher(user).find());
                case CODE_LINES -> codeLineShare(user);
                case DIGITS -> Math.min(1.0, 5.0 * digitShare(user));
                case IMAGES -> flag(request.hasImages());
                case JSON_MODE -> flag(request.responseFormat().wantsJson());
                case LIST_REQUEST -> flag(LIST_REQUEST.matcher(user).find());
                case MATH_EXPR -> squash(count(MATH_EXPR, user), 2);
                case MATH_LATEX -> squash(count(MATH_LATEX, user) + count(MATH_DELIMITERS, user), 2);
                case MATH_WORDS -> squash(count(MATH_WORDS, user), 2);
                case NON_ASCII -> nonAsciiLetterShare(user);
                case QUESTIONS -> squash(user.chars().filter(c -> c == '?' || c == '？').count(), 1);
                case STEP_REQUEST -> flag(STEP_REQUEST.matcher(user).find());
                case STRUCTURED_REQUEST -> flag(STRUCTURED_REQUEST.matcher(user).find());
                case SYSTEM_PROMPT -> flag(!text.instructions().isBlank());
                case TOKENS -> logTokens(estimateTokens(text.all()));
                case TOOL_TURNS -> squash(toolTurns, 1);
                case TOOLS -> squash(request.tools().size(), 1);
                case TURNS -> squash(Math.max(0, conversationTurns - 1), 4);
                case USER_TOKENS -> logTokens(estimateTokens(user));
            };
            out[offset + f.ordinal()] = (float) value;
        }
    }

    /**
     * A rough token count without a tokenizer: about four ASCII characters per token, and one
     * token per non-ASCII character (CJK and accented scripts tokenise far more finely).
     */
    static long estimateTokens(String text) {
        long ascii = 0;
        long other = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLowSurrogate(c)) {
                continue;
            }
            if (c < 128) {
                ascii++;
            } else {
                other++;
            }
        }
        return (ascii + 3) / 4 + other;
    }

    static double logTokens(long tokens) {
        return Math.min(1.0, Math.log1p(tokens) / Math.log1p(TOKEN_CEILING));
    }

    static double squash(long count, double half) {
        return count <= 0 ? 0.0 : count / (count + half);
    }

    private static double flag(boolean b) {
        return b ? 1.0 : 0.0;
    }

    private static long count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static double codeLineShare(String text) {
        int lines = 0;
        int code = 0;
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                continue;
            }
            lines++;
            if (CODE_LINE.matcher(trimmed).find()) {
                code++;
            }
        }
        return lines == 0 ? 0.0 : (double) code / lines;
    }

    private static double digitShare(String text) {
        if (text.isEmpty()) {
            return 0.0;
        }
        long digits = text.chars().filter(Character::isDigit).count();
        return (double) digits / text.length();
    }

    private static double nonAsciiLetterShare(String text) {
        long letters = 0;
        long nonAscii = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                letters++;
                if (cp >= 128) {
                    nonAscii++;
                }
            }
        }
        return letters == 0 ? 0.0 : (double) nonAscii / letters;
    }
}
