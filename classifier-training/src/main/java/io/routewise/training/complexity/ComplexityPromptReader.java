package io.routewise.training.complexity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import io.routewise.json.JsonLines;
import io.routewise.training.Complexity;
import io.routewise.training.LineProblem;
import io.routewise.training.TrainingInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads complexity-labelled prompts: JSONL (gzip accepted), one prompt per line, from files or from
 * every {@code *.jsonl} / {@code *.jsonl.gz} of a directory. A line needs {@code prompt} and one of
 * <ul>
 *   <li>{@code complexity}: {@code easy}, {@code medium} or {@code hard} (the eval sets' field);</li>
 *   <li>{@code difficulty}: the same words, or a competition level {@code level-1}..{@code level-5}
 *       (MATH): levels 1–2 read as medium, 3–5 as hard; no level reads as easy, since a competition
 *       problem of any level needs more than a small model's one-line answer.</li>
 * </ul>
 * Lines with neither field are skipped and counted; malformed lines are reported with file, line and
 * field, and skipped.
 */
public final class ComplexityPromptReader {

    /** What was read. */
    public record Result(List<ComplexityPrompt> prompts, long unlabelled, List<LineProblem> problems) {
    }

    private ComplexityPromptReader() {
    }

    /** Reads every file, and every JSONL file of every directory, in the order given (directories sorted). */
    public static Result read(List<Path> paths) {
        List<ComplexityPrompt> prompts = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        long unlabelled = 0;
        for (Path path : paths) {
            for (Path file : files(path)) {
                unlabelled += readFile(file, prompts, problems);
            }
        }
        return new Result(List.copyOf(prompts), unlabelled, List.copyOf(problems));
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl") || p.getFileName().toString().endsWith(".jsonl.gz"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new TrainingInputException(path + ": cannot list complexity prompts: " + e.getMessage(), e);
        }
    }

    private static long readFile(Path file, List<ComplexityPrompt> out, List<LineProblem> problems) {
        String name = file.toString();
        String fallbackSource = file.getFileName().toString().replaceAll("\\.jsonl(\\.gz)?$", "");
        int added = out.size();
        int refused = problems.size();
        long lines;
        try {
            lines = JsonLines.forEachLine(file, (lineNo, text) -> {
                try {
                    ComplexityPrompt p = parse(text, fallbackSource);
                    if (p != null) {
                        out.add(p);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(new LineProblem(name, lineNo, e.getMessage()));
                }
            });
        } catch (NoSuchFileException e) {
            throw new TrainingInputException(name + ": complexity prompts not found");
        } catch (IOException e) {
            throw new TrainingInputException(name + ": cannot read complexity prompts: " + e.getMessage(), e);
        }
        // Every non-blank line became a prompt, a problem, or (no complexity label) neither.
        return lines - (out.size() - added) - (problems.size() - refused);
    }

    /** One line: the prompt, or null when it has no complexity label. */
    static ComplexityPrompt parse(String text, String fallbackSource) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode prompt = root.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
            throw new IllegalArgumentException("prompt: must be a non-empty string");
        }
        JsonNode source = root.get("source");
        String from = source != null && source.isTextual() && !source.asText().isBlank() ? source.asText() : fallbackSource;
        Complexity level;
        if (root.hasNonNull("complexity")) {
            level = level("complexity", root.get("complexity"), false);
        } else if (root.hasNonNull("difficulty")) {
            level = level("difficulty", root.get("difficulty"), true);
        } else {
            return null;
        }
        return new ComplexityPrompt(from, prompt.asText(), level);
    }

    private static Complexity level(String field, JsonNode value, boolean levelsAllowed) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        String v = value.asText().trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "easy":
                return Complexity.EASY;
            case "medium":
                return Complexity.MEDIUM;
            case "hard":
                return Complexity.HARD;
            default:
                break;
        }
        if (levelsAllowed && v.matches("level-[1-5]")) {
            return v.charAt(6) <= '2' ? Complexity.MEDIUM : Complexity.HARD;
        }
        throw new IllegalArgumentException(field + ": unknown value '" + value.asText() + "' (easy, medium, hard"
                + (levelsAllowed ? ", level-1..level-5" : "") + ")");
    }
}
