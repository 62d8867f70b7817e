package io.routewise.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Replaces every match of the configured patterns ({@code ledger.redact_prompts}) with
 * {@value #MASK}, in order, before prompt text is stored or exported.
 */
public final class PromptRedactor {

    public static final String MASK = "[REDACTED]";
    public static final PromptRedactor NONE = new PromptRedactor(List.of());

    private final List<Pattern> patterns;

    private PromptRedactor(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * A redactor for these regular expressions.
     *
     * @throws IllegalArgumentException naming the pattern that does not compile (the config validator reports it first)
     */
    public static PromptRedactor of(List<String> regexes) {
        List<Pattern> compiled = new ArrayList<>();
        for (String r : regexes) {
            try {
                compiled.add(Pattern.compile(r));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("redaction pattern '" + r + "' is not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }
        return new PromptRedactor(compiled);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Pattern p : patterns) {
            out = p.matcher(out).replaceAll(MASK);
        }
        return out;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }
}
