package io.routewise.benchmarks;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.OutcomeModel;
import io.routewise.classifier.RequestClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the outcome model adds to a decision once the prompt is featurized: the neighbour search over
 * the training prompts by embedding (projection, a scan of every row, a top-k per group of models), the
 * word-overlap neighbours (inverted index, then the same top-k) and the per-model heads (one ONNX Runtime
 * call) and the tier prior's ease (complexity head, plus its labelled neighbours when the card blends them), alone
 * and blended as serving runs them ({@link OutcomeModel#predict}).
 * The model directory is {@code routewise.bench.model} (default {@code models/default}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class OutcomeModelBenchmark {

    private RequestClassifier classifier;
    private OutcomeModel outcomes;
    private float[] features;
    /** What the tier prior reads for the same prompt (with this directory's own table and inputs). */
    private float[] priorInput;
    private String text;

    @Setup
    public void setUp() {
        classifier = RequestClassifier.load(Path.of(System.getProperty("routewise.bench.model", "models/default")));
        outcomes = classifier.outcomeModel();
        if (outcomes == null) {
            throw new IllegalStateException("this model directory has no outcome model");
        }
        features = classifier.featurizer().featurize(List.of(Message.text(Role.USER, FeaturizeBenchmark.SHORT_PROMPT)));
        priorInput = classifier.tierPriorInput(io.routewise.chat.ChatRequest.of("auto",
                List.of(Message.text(Role.USER, FeaturizeBenchmark.SHORT_PROMPT))));
        text = FeaturizeBenchmark.SHORT_PROMPT;
        System.out.printf("%n[outcomes] %d models, %s%n", outcomes.models().size(), outcomes.spec().neighboursFile());
    }

    @TearDown
    public void tearDown() {
        classifier.close();
    }

    @Benchmark
    public double[] neighbours() {
        return outcomes.neighbours(features);
    }

    @Benchmark
    public double[] lexicalNeighbours() {
        return outcomes.lexicalNeighbours(text);
    }

    @Benchmark
    public float[] heads() {
        return outcomes.heads(features);
    }

    /** The tier prior's ease: the complexity head, plus the labelled prompts' neighbours when the card blends them. */
    @Benchmark
    public double complexity() {
        return outcomes.ease(priorInput);
    }

    @Benchmark
    public double[] blended() {
        return outcomes.predict(features, text, priorInput);
    }
}
