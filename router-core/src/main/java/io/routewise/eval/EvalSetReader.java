package io.routewise.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.eval.score.PythonTestsScorer;
import io.routewise.eval.score.Scorers;
import io.routewise.json.Json;
import io.routewise.json.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads eval sets ({@code eval-sets/*.jsonl}, format in {@code eval-sets/README.md}) into
 * {@link EvalItem}s, strictly: every field is checked and every scorer built at load time, so a
 * broken set fails before a run spends money. Errors are one line, {@code FILE:LINE: field: reason}.
 */
public final class EvalSetReader {

    /** The routing tasks (the trained classifier's task names). */
    public static final Set<String> TASKS = Set.of("math", "knowledge_qa", "reasoning", "extraction_classification",
            "code", "creative_writing", "chat");
    /** The complexity levels. */
    public static final Set<String> COMPLEXITIES = Set.of("easy", "medium", "hard");

    private static final Set<String> FIELDS = Set.of("id", "task", "complexity", "prompt", "system",
            "response_format", "max_tokens", "reference", "verbatim", "scorer");

    private EvalSetReader() {
    }

    /**
     * Loads items from files and folders (a folder contributes every {@code *.jsonl} in it, sorted
     * by name), in order. An item's {@code set} is its file name without {@code .jsonl}.
     *
     * @throws IllegalArgumentException {@code FILE:LINE: field: reason} for the first bad line,
     *                                  including an id already used (naming where)
     * @throws UncheckedIOException     when a file cannot be read
     */
    public static List<EvalItem> load(List<Path> filesOrDirs) {
        List<EvalItem> items = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : setFiles(filesOrDirs)) {
            for (EvalItem item : readFile(file)) {
                String where = file + ":" + item.line();
                String first = seen.putIfAbsent(item.id(), where);
                if (first != null) {
                    throw new IllegalArgumentException(where + ": id: duplicate '" + item.id() + "', first used at " + first);
                }
                items.add(item);
            }
        }
        return items;
    }

    /** Whether {@code python3} is installed, without which {@code python_tests} items always fail. */
    public static boolean pythonAvailable() {
        return PythonTestsScorer.available();
    }

    /**
     * The set files behind files and folders: a folder gives every {@code *.jsonl} in it, sorted by
     * name; a file is taken as it is.
     */
    public static List<Path> setFiles(List<Path> filesOrDirs) {
        List<Path> files = new ArrayList<>();
        for (Path p : filesOrDirs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> listing = Files.list(p)) {
                    listing.filter(f -> f.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(f))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list eval sets in " + p + ": " + e.getMessage(), e);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private static List<EvalItem> readFile(Path file) {
        String name = file.getFileName().toString();
        String set = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        List<EvalItem> items = new ArrayList<>();
        try (BufferedReader reader = JsonLines.open(file)) {
            int lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    items.add(item(line, set, lineNo));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read eval set " + file + ": " + e.getMessage(), e);
        }
        return items;
    }

    private static EvalItem item(String line, String set, int lineNo) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("json: malformed: " + e.getOriginalMessage().replace('\n', ' '));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("json: each line must be one JSON object");
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(field + ": unknown field; known: " + new TreeSet<>(FIELDS));
            }
        }
        String id = text(node, "id", true);
        String task = text(node, "task", true);
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("task: unknown '" + task + "'; known: " + new TreeSet<>(TASKS));
        }
        String complexity = text(node, "complexity", true);
        if (!COMPLEXITIES.contains(complexity)) {
            throw new IllegalArgumentException("complexity: unknown '" + complexity + "'; known: easy, medium, hard");
        }
        String prompt = text(node, "prompt", true);
        String system = text(node, "system", false);
        List<Message> messages = system == null
                ? List.of(Message.text(Role.USER, prompt))
                : List.of(Message.text(Role.SYSTEM, system), Message.text(Role.USER, prompt));
        ResponseFormat format;
        try {
            format = io.routewise.providers.openai.OpenAiApiCodec.readResponseFormat(node.get("response_format"));
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException((e.param() == null ? "response_format" : e.param()) + ": " + e.getMessage());
        }
        Integer maxTokens = null;
        JsonNode max = node.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.isIntegralNumber() || max.asLong() < 1 || max.asLong() > 1_000_000) {
                throw new IllegalArgumentException("max_tokens: must be a positive integer");
            }
            maxTokens = max.asInt();
        }
        String reference = text(node, "reference", true);
        boolean verbatim = false;
        JsonNode v = node.get("verbatim");
        if (v != null && !v.isNull()) {
            if (!v.isBoolean()) {
                throw new IllegalArgumentException("verbatim: must be true or false");
            }
            verbatim = v.asBoolean();
        }
        if (!node.has("scorer")) {
            throw new IllegalArgumentException("scorer: is required");
        }
        Scorer scorer = Scorers.parse(node.get("scorer"));
        return new EvalItem(id, set, lineNo, task, complexity, messages, format, maxTokens, reference, verbatim, scorer);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + ": is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + ": must be a non-empty string");
        }
        return v.asText();
    }
}
