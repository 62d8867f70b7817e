package io.routewise.training;

import java.util.Locale;
import java.util.Optional;

/**
 * What the classifier predicts. The routing weights are {@code W[model][class]} over these
 * classes, so a scheme is only as good as the outcome differences between its classes.
 */
public enum LabelScheme {
    /** easy / medium / hard from the fraction of models answering adequately. */
    COMPLEXITY("complexity: fraction of models with outcome >= 0.5; easy >= 0.6, hard < 0.3, medium between"),
    /** complexity crossed with the task taxonomy, e.g. {@code hard.math}. */
    COMPLEXITY_TASK("complexity x task: complexity bucket (as in 'complexity') joined with the task taxonomy class");

    private final String description;

    LabelScheme(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The CLI spelling ({@code complexity}, {@code complexity-task}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LabelScheme fromCli(String name) {
        for (LabelScheme s : values()) {
            if (s.cliName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown label scheme '" + name + "' (complexity, complexity-task)");
    }

    /** The class of a record under this scheme, or empty when it cannot be labelled. */
    public Optional<String> classOf(TrafficRecord record) {
        Optional<Complexity> complexity = Complexity.of(record.responses());
        if (complexity.isEmpty()) {
            return Optional.empty();
        }
        if (this == COMPLEXITY) {
            return Optional.of(complexity.get().label());
        }
        return Optional.of(complexity.get().label() + "." + TaskTaxonomy.map(record.task(), record.subtask()).task().label());
    }
}
