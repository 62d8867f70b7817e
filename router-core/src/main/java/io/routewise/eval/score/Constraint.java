package io.routewise.eval.score;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One checkable instruction of an instruction-following prompt ("at most 50 words", "exactly
 * three bullet points", "mention Paris"). Which parameter is used depends on the type.
 *
 * @param type    the constraint kind
 * @param number  the count for the counting kinds
 * @param phrases the phrases of {@code must_include} / {@code must_not_include}
 * @param text    the text of {@code starts_with} / {@code ends_with}
 * @param pattern the pattern of {@code regex}
 */
public record Constraint(Type type, int number, List<String> phrases, String text, Pattern pattern) {

    /** The constraint kinds, by their names in the eval sets. */
    public enum Type {
        MAX_WORDS, MIN_WORDS, MAX_CHARS, BULLET_COUNT, LINE_COUNT, ALL_LOWERCASE, ALL_UPPERCASE, MUST_INCLUDE,
        MUST_NOT_INCLUDE, STARTS_WITH, ENDS_WITH, REGEX, NO_COMMAS, SENTENCE_COUNT_MAX;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*]|\\d+[.)])\\s+\\S.*$", Pattern.MULTILINE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+(?=\\s|$)");

    public Constraint {
        phrases = phrases == null ? List.of() : List.copyOf(phrases);
    }

    /** Null when the text satisfies this constraint, else why not (short). */
    public String violation(String answer) {
        String t = answer == null ? "" : answer.strip();
        switch (type) {
            case MAX_WORDS: {
                int n = words(t);
                return n <= number ? null : n + " words, at most " + number + " allowed";
            }
            case MIN_WORDS: {
                int n = words(t);
                return n >= number ? null : n + " words, at least " + number + " required";
            }
            case MAX_CHARS:
                return t.length() <= number ? null : t.length() + " characters, at most " + number + " allowed";
            case BULLET_COUNT: {
                long n = BULLET.matcher(t).results().count();
                return n == number ? null : n + " bullet lines, exactly " + number + " required";
            }
            case LINE_COUNT: {
                long n = t.lines().filter(l -> !l.isBlank()).count();
                return n == number ? null : n + " lines, exactly " + number + " required";
            }
            case ALL_LOWERCASE:
                return t.equals(t.toLowerCase(Locale.ROOT)) ? null : "contains upper-case letters";
            case ALL_UPPERCASE:
                return t.equals(t.toUpperCase(Locale.ROOT)) ? null : "contains lower-case letters";
            case MUST_INCLUDE:
                for (String p : phrases) {
                    if (!phrase(p).matcher(t).find()) {
                        return "does not include '" + p + "'";
                    }
                }
                return null;
            case MUST_NOT_INCLUDE:
                for (String p : phrases) {
                    if (phrase(p).matcher(t).find()) {
                        return "includes '" + p + "'";
                    }
                }
                return null;
            case STARTS_WITH:
                return t.toLowerCase(Locale.ROOT).startsWith(text.toLowerCase(Locale.ROOT)) ? null
                        : "does not start with '" + text + "'";
            case ENDS_WITH:
                return t.toLowerCase(Locale.ROOT).endsWith(text.toLowerCase(Locale.ROOT)) ? null
                        : "does not end with '" + text + "'";
            case REGEX:
                return pattern.matcher(t).find() ? null : "does not match /" + AnswerText.brief(pattern.pattern()) + "/";
            case NO_COMMAS:
                return t.indexOf(',') < 0 ? null : "contains a comma";
            case SENTENCE_COUNT_MAX: {
                int n = sentences(t);
                return n <= number ? null : n + " sentences, at most " + number + " allowed";
            }
            default:
                throw new IllegalStateException("unhandled constraint " + type);
        }
    }

    static int words(String text) {
        int n = 0;
        for (String token : text.split("\\s+")) {
            if (WORD.matcher(token).find()) {
                n++;
            }
        }
        return n;
    }

    static int sentences(String text) {
        int n = 0;
        for (String piece : SENTENCE_END.split(text)) {
            if (WORD.matcher(piece).find()) {
                n++;
            }
        }
        return n;
    }

    private static Pattern phrase(String p) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(p) + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
