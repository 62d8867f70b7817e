package io.routewise.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used. The message lists every problem found, one per line, each as
 * {@code file:line:column: key.path: what is wrong}.
 */
public class ConfigException extends RuntimeException {

    private final String source;
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(render(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String source, List<ConfigProblem> problems, Throwable cause) {
        super(render(source, problems), cause);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String source, ConfigProblem problem, Throwable cause) {
        super(render(source, List.of(problem)), cause);
        this.source = source;
        this.problems = List.of(problem);
    }

    /** The file (or resource) name the problems refer to. */
    public String source() {
        return source;
    }

    /** The problems, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(String source, List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems.stream().map(p -> p.render(source)).collect(Collectors.joining("\n"));
    }
}
