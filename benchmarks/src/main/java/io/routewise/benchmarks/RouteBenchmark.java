package io.routewise.benchmarks;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.RoutingOptions;
import io.routewise.classifier.RequestClassifier;
import io.routewise.config.ConfigLoader;
import io.routewise.policy.RouteDecision;
import io.routewise.policy.RoutingEngine;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision end to end ({@link RoutingEngine#decide}: featurize, classify with ONNX
 * Runtime, price and filter the shipped catalog, choose) for a ~20-token and a ~250-token prompt,
 * with the model directory in the system property {@code routewise.bench.model} (default
 * {@code models/default}) and the shipped default config: latency distribution with one caller,
 * and decisions per second with two callers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class RouteBenchmark {

    private RequestClassifier classifier;
    private RoutingEngine engine;
    private ChatRequest shortPrompt;
    private ChatRequest longPrompt;

    @Setup
    public void setUp() {
        Path dir = Path.of(System.getProperty("routewise.bench.model", "models/default"));
        classifier = RequestClassifier.load(dir);
        engine = RoutingEngine.forCatalog(classifier, ConfigLoader.loadDefault(), List.of());
        shortPrompt = ChatRequest.of("auto", List.of(Message.text(Role.USER, FeaturizeBenchmark.SHORT_PROMPT)));
        longPrompt = ChatRequest.of("auto", List.of(Message.text(Role.USER, FeaturizeBenchmark.LONG_PROMPT)));
        RouteDecision d = engine.decide(shortPrompt, "warm", RoutingOptions.NONE);
        System.out.printf("%n[route] model %s (version %s), %d classes, %d features; short prompt -> %s%n", dir,
                classifier.version(), classifier.labels().size(), classifier.directory().card().featureDimension(),
                d.model());
    }

    @TearDown
    public void tearDown() {
        classifier.close();
    }

    @Benchmark
    public RouteDecision shortPrompt() {
        return engine.decide(shortPrompt, "bench", RoutingOptions.NONE);
    }

    @Benchmark
    public RouteDecision longPrompt() {
        return engine.decide(longPrompt, "bench", RoutingOptions.NONE);
    }

    /** Short prompts from two threads at once: decisions per second on two cores. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public RouteDecision shortPromptTwoThreads() {
        return engine.decide(shortPrompt, "bench", RoutingOptions.NONE);
    }
}
