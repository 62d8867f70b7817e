package io.routewise.eval.score;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numeric answer within a tolerance of {@code value}. The number is taken from prose: the one
 * inside {@code \boxed{...}}, else after {@code ####}, else after the last "answer is" /
 * "answer:", else the last number in the text. Thousands separators ({@code 1,234}), signs,
 * decimals and simple fractions ({@code 3/4}) are understood.
 *
 * @param value             the correct number
 * @param tolerance         the largest absolute difference accepted
 * @param relativeTolerance the largest difference relative to {@code |value|} accepted, or null
 */
public record NumericScorer(double value, double tolerance, Double relativeTolerance) implements Scorer {

    /** The absolute tolerance when none is given. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    private static final String NUMBER =
            "(?<![\\w.])(-?)(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)(?:\\s*/\\s*(\\d+(?:\\.\\d+)?))?";
    private static final Pattern NUMBER_PATTERN = Pattern.compile(NUMBER);
    private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{\\s*([^{}]*)\\}");
    private static final Pattern HASHES = Pattern.compile("####\\s*([^\\n]*)");
    private static final Pattern ANSWER_IS = Pattern.compile("answer\\s*(?:is|:|=)\\s*([^\\n]*)", Pattern.CASE_INSENSITIVE);

    @Override
    public String type() {
        return "numeric";
    }

    @Override
    public Score score(String answer) {
        BigDecimal found = extract(answer);
        if (found == null) {
            return Score.fail("no number found, expected " + format(value));
        }
        double diff = Math.abs(found.doubleValue() - value);
        boolean ok = diff <= tolerance
                || (relativeTolerance != null && diff <= relativeTolerance * Math.abs(value));
        String detail = "expected " + format(value) + ", found " + found.stripTrailingZeros().toPlainString();
        return ok ? Score.pass(detail) : Score.fail(detail);
    }

    /** The answer's number as described above, or null when it contains none. */
    public static BigDecimal extract(String answer) {
        if (answer == null) {
            return null;
        }
        String text = answer.replace('\u2212', '-');
        for (Pattern marker : new Pattern[] {BOXED, HASHES}) {
            Matcher m = marker.matcher(text);
            if (m.find()) {
                BigDecimal n = first(m.group(1));
                if (n != null) {
                    return n;
                }
            }
        }
        Matcher answerIs = ANSWER_IS.matcher(text);
        BigDecimal afterLast = null;
        while (answerIs.find()) {
            BigDecimal n = first(answerIs.group(1));
            if (n != null) {
                afterLast = n;
            }
        }
        if (afterLast != null) {
            return afterLast;
        }
        Matcher m = NUMBER_PATTERN.matcher(text);
        BigDecimal last = null;
        while (m.find()) {
            last = toNumber(m);
        }
        return last;
    }

    private static BigDecimal first(String text) {
        Matcher m = NUMBER_PATTERN.matcher(text);
        return m.find() ? toNumber(m) : null;
    }

    private static BigDecimal toNumber(Matcher m) {
        BigDecimal n = new BigDecimal(m.group(2).replace(",", ""));
        if (m.group(3) != null) {
            BigDecimal denominator = new BigDecimal(m.group(3));
            if (denominator.signum() == 0) {
                return null;
            }
            n = n.divide(denominator, MathContext.DECIMAL64);
        }
        return m.group(1).isEmpty() ? n : n.negate();
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
