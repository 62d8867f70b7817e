package io.routewise.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.features.Featurizer;
import io.routewise.features.StaticEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import java.nio.file.Path;
import io.routewise.features.SentenceEmbedder;

/**
 * {@link Featurizer#featurize} (embedding + structural features) for a short and a long prompt,
 * per embedding (MiniLM, or the model directory's static table) and token budget: latency distribution with one caller, and throughput with two callers (one
 * ONNX Runtime thread each, as on the 2-core target machine).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class FeaturizeBenchmark {

    /** About 20 tokens with [CLS] and [SEP]. */
    static final String SHORT_PROMPT =
            "Write a Python function that returns True when a string is a palindrome, ignoring case.";

    /** About 250 tokens with [CLS] and [SEP]. */
    static final String LONG_PROMPT = "Our team runs a small online shop that sells handmade ceramic mugs, bowls and"
            + " plates. Orders arrive through the website, by email and sometimes by phone, and we currently copy"
            + " each one by hand into a spreadsheet before packing it. Last month we shipped about four hundred"
            + " orders, and roughly one in twenty had a mistake: a wrong address, a missing item or a duplicate"
            + " shipment. We would like to reduce these errors without hiring another person. Please compare three"
            + " options for us: a hosted e-commerce platform with built-in order management, a custom script that"
            + " reads the order emails and fills the spreadsheet automatically, and a simple shared inbox tool"
            + " with templates and checklists. For each option, explain the likely setup effort, the monthly cost"
            + " range, the main risks, and how it would change our daily routine. We have one person who can write"
            + " basic Python but no professional developer. Finally, recommend one option, explain your reasoning"
            + " step by step, and outline a four-week plan to adopt it, with the tasks for each week and a way to"
            + " measure whether the error rate has actually dropped. Keep the answer practical and avoid jargon"
            + " where you can, because the owners are not technical.";

    @Param({"128", "256"})
    public int tokenBudget;

    /** minilm: the network on every prompt; static: the table in the model directory (routewise.bench.model). */
    @Param({"minilm", "static"})
    public String embedding;

    private Featurizer featurizer;
    private List<Message> shortPrompt;
    private List<Message> longPrompt;

    @Setup
    public void setUp() {
        if (embedding.equals("static")) {
            Path table = Path.of(System.getProperty("routewise.bench.model", "models/default"))
                    .resolve(StaticEmbeddingTable.FILE_NAME);
            featurizer = new Featurizer(StaticEmbedder.load(table, tokenBudget));
        } else {
            featurizer = Featurizer.create(tokenBudget);
        }
        shortPrompt = List.of(Message.text(Role.USER, SHORT_PROMPT));
        longPrompt = List.of(Message.text(Role.USER, LONG_PROMPT));
        try (SentenceEmbedder counter = new SentenceEmbedder(SentenceEmbedder.MAX_TOKEN_BUDGET, 1)) {
            System.out.printf("%n[featurize] short prompt %d tokens, long prompt %d tokens, budget %d%n",
                    counter.tokenCount(SHORT_PROMPT), counter.tokenCount(LONG_PROMPT), tokenBudget);
        }
    }

    @TearDown
    public void tearDown() {
        featurizer.close();
    }

    @Benchmark
    public float[] shortPrompt() {
        return featurizer.featurize(shortPrompt);
    }

    @Benchmark
    public float[] longPrompt() {
        return featurizer.featurize(longPrompt);
    }

    /** Short prompts from two threads at once: prompts per second on two cores. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public float[] shortPromptTwoThreads() {
        return featurizer.featurize(shortPrompt);
    }
}
