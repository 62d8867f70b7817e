package io.routewise.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the task labels found in logs and public data sets onto the router's small taxonomy.
 * The table is explicit (every value seen in {@code ../shared/data} is listed; hyphens, spaces and
 * underscores are the same); a value not in it falls back to a few keyword rules, and a value no
 * rule matches (or no label at all) is {@link Task#OTHER}: its own class, never folded into a real
 * task. The data summary says which labels were mapped explicitly.
 *
 * <p>Only the class head (the reported task, the spread of eval recalibration over classes) and the
 * task-oracle baseline read tasks: the outcome model that routing rests on learns from outcomes alone.
 */
public final class TaskTaxonomy {

    /** The taxonomy. */
    public enum Task {
        CODE, MATH, REASONING, KNOWLEDGE_QA, EXTRACTION_CLASSIFICATION, SUMMARISATION, CREATIVE_WRITING, CHAT,
        /** No label, or a label the table and the keyword rules do not know. */
        OTHER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a source label was mapped. */
    public record Mapping(Task task, boolean explicit) {
    }

    private static final Map<String, Task> TABLE = new LinkedHashMap<>();
    /** MMLU subjects that are mathematics rather than general knowledge. */
    private static final Map<String, Task> MMLU_SUBJECTS = new LinkedHashMap<>();

    static {
        // llmrouter and routeprofile (ulab-uiuc)
        put(Task.CODE, "mbpp", "human_eval", "humaneval");
        put(Task.MATH, "gsm8k", "math", "agentverse-mgsm", "mgsm");
        put(Task.KNOWLEDGE_QA, "trivia_qa", "natural_qa", "mmlu", "openbook_qa");
        put(Task.REASONING, "gpqa", "arc_challenge", "commonsense_qa", "agentverse-logicgrid");
        put(Task.CREATIVE_WRITING, "commongen");
        // RouterArena
        put(Task.CODE, "livecodebench");
        put(Task.MATH, "mathqa", "asdiv", "aime", "gsm8k", "finqa");
        put(Task.KNOWLEDGE_QA, "mmlupro", "musictheorybench", "geobench", "qanta", "opentdb", "arcmmlu",
                "medmcqa", "geographydata");
        put(Task.REASONING, "socialiqa", "chessinstruct", "superglue-wsc", "superglue-causalreasoning");
        put(Task.EXTRACTION_CLASSIFICATION, "narrativeqa", "pubmedqa", "superglue-entailment", "superglue-wic",
                "superglue-qa", "superglue-rc", "superglue-clozetest", "ethics");
        // Translation has no class of its own in the taxonomy: it is open-ended generation for a user.
        put(Task.CHAT, "wmt19-lt-en", "wmt19-gu-en", "wmt19-de-en", "wmt19-zh-en", "wmt19-ru-en", "wmt19-fi-en",
                "wmt19-kk-en", "wmt19-cs-en");
        // labelled prompts (Arena-Hard v2.0, MATH-500 as math/<subject>, Vicuna-bench)
        put(Task.CODE, "coding");
        put(Task.CREATIVE_WRITING, "creative_writing", "writing", "roleplay");
        put(Task.REASONING, "common-sense", "counterfactual", "fermi");
        put(Task.KNOWLEDGE_QA, "knowledge", "stem", "humanities");
        put(Task.CHAT, "generic", "arena-hard-v0.1", "chat");
        put(Task.SUMMARISATION, "summarization", "summarisation", "cnn_dailymail", "xsum");

        for (String s : new String[] {"abstract_algebra", "college_mathematics", "elementary_mathematics",
                "high_school_mathematics", "high_school_statistics"}) {
            MMLU_SUBJECTS.put(s, Task.MATH);
        }
        MMLU_SUBJECTS.put("formal_logic", Task.REASONING);
        MMLU_SUBJECTS.put("logical_fallacies", Task.REASONING);
    }

    private static void put(Task task, String... keys) {
        for (String k : keys) {
            TABLE.put(normalise(k), task);
        }
    }

    /** Lower case, with hyphens and spaces read as underscores ({@code ARC-Challenge} = {@code arc_challenge}). */
    static String normalise(String label) {
        return label.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    private TaskTaxonomy() {
    }

    /** The explicit table, source label (lower case) to task, for the model card and docs. */
    public static Map<String, Task> table() {
        return Collections.unmodifiableMap(TABLE);
    }

    /**
     * Maps a source task (and subtask, used for MMLU subjects) to the taxonomy.
     *
     * @param task    the source label, may be null
     * @param subtask the finer label, may be null
     */
    public static Mapping map(String task, String subtask) {
        if (task == null || task.isBlank()) {
            return new Mapping(Task.OTHER, false);
        }
        String key = normalise(task);
        if (subtask != null && (key.equals("mmlu") || key.equals("mmlupro"))) {
            Task bySubject = MMLU_SUBJECTS.get(normalise(subtask));
            if (bySubject != null) {
                return new Mapping(bySubject, true);
            }
        }
        Task known = TABLE.get(key);
        if (known != null) {
            return new Mapping(known, true);
        }
        if (key.startsWith("math/") || key.contains("math")) {
            return new Mapping(Task.MATH, key.startsWith("math/"));
        }
        if (key.contains("code") || key.contains("coding") || key.contains("program")) {
            return new Mapping(Task.CODE, false);
        }
        if (key.contains("summar")) {
            return new Mapping(Task.SUMMARISATION, false);
        }
        if (key.contains("qa")) {
            return new Mapping(Task.KNOWLEDGE_QA, false);
        }
        return new Mapping(Task.OTHER, false);
    }
}
