package io.routewise.eval.report;

import java.util.Locale;

/** Escaping and number formats shared by the report's HTML and SVG. */
final class Html {

    private Html() {
    }

    /** Text safe in element content and in double- or single-quoted attributes; null is empty. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // control characters are not allowed in XML 1.0; the report stays parseable as XHTML
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append('?');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #esc(String)} for the entities it writes. */
    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /** A rate with two decimals. */
    static String rate(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    /** A rate, or a dash when there is none. */
    static String rate(Double r) {
        return r == null ? "—" : rate(r.doubleValue());
    }

    /** A signed difference with two decimals ({@code +0.05}, {@code -0.39}), or a dash. */
    static String delta(double value, Double reference) {
        return reference == null ? "—" : String.format(Locale.ROOT, "%+.2f", value - reference);
    }

    /** A coordinate with one decimal. */
    static String coord(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** US dollars with two decimals. */
    static String usd(double v) {
        return String.format(Locale.ROOT, "$%.2f", v);
    }
}
