package io.routewise.training.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.Message;
import io.routewise.json.Json;
import io.routewise.training.CachedFeatures;
import io.routewise.training.FeatureSource;
import io.routewise.training.FeaturizerSource;
import io.routewise.training.embedding.StaticFeatureSource;
import io.routewise.training.HoldoutSplit;
import io.routewise.training.ParallelFeaturizer;
import io.routewise.training.TrafficLog;
import io.routewise.training.TrafficLogReader;
import io.routewise.training.TrafficRecord;
import io.routewise.training.evidence.Evidence;
import io.routewise.training.evidence.EvidencePrinter;
import io.routewise.training.evidence.EvidenceReport;
import io.routewise.training.evidence.PriceTable;
import io.routewise.training.outcome.OutcomeFit;
import io.routewise.training.outcome.OutcomeTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The generalisation protocol of docs/training.md, run on logged traffic with outcomes:
 * <ul>
 *   <li><b>split</b>: the usual split by prompt hash, labels as logged;</li>
 *   <li><b>(a) labels stripped</b>: every {@code task} and {@code subtask} removed before training;</li>
 *   <li><b>(b) labels scrambled</b>: each task string replaced by an unknown one ({@code task_17});</li>
 *   <li><b>(c) leave one task out</b>: within one source, every request of one task family is held out
 *       of training (in every source) and the router is tested on exactly those requests;</li>
 *   <li><b>(d) five folds</b>: labels stripped, each fifth of the prompts held out in turn (by the same
 *       hash as the split, whose held-out part is the first fold), so every request is scored once;
 *       per data set, each curve's AIQ per fold and the router's paired difference to each baseline
 *       ({@link FoldSummary}).</li>
 * </ul>
 * Each variant trains the outcome model as {@code routewise train} does ({@link OutcomeTrainer}) and
 * scores it with the same evidence (curves against the baselines, on the held-out requests); the task
 * oracle always sees the true labels (it is a baseline, not the router). Prompts are featurized once.
 *
 * <pre>java -cp routewise.jar io.routewise.training.protocol.GeneralisationProtocol OUT_DIR PRICES LOG...
 *   [-Dprotocol.lotoSource=llmrouter] [-Dprotocol.featureCache=DIR] [-Dprotocol.seed=7]
 *   [-Dprotocol.embedding=static|minilm]
 *   [-Dprotocol.variants=split,stripped,scrambled,loto,folds]
 *   [-Dprotocol.refinePrompts=N (default: as routewise train, 20,000; 0: distil only)]</pre>
 */
public final class GeneralisationProtocol {

    private static final ObjectMapper JSON = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT);

    static final int FOLDS = 5;
    static final Set<String> VARIANTS = Set.of("split", "stripped", "scrambled", "loto", "folds");

    private GeneralisationProtocol() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: GeneralisationProtocol OUT_DIR PRICES_CSV LOG...");
            System.exit(2);
        }
        Set<String> variants = new TreeSet<>(List.of(System.getProperty("protocol.variants", String.join(",", VARIANTS))
                .split(",")));
        if (!VARIANTS.containsAll(variants)) {
            System.err.println("protocol.variants: unknown " + variants.stream().filter(v -> !VARIANTS.contains(v)).toList()
                    + " (known: " + new TreeSet<>(VARIANTS) + ")");
            System.exit(2);
        }
        try {
            run(Path.of(args[0]), Path.of(args[1]), java.util.Arrays.asList(args).subList(2, args.length), variants);
        } catch (IOException | java.io.UncheckedIOException | io.routewise.training.TrainingInputException e) {
            System.err.println("GeneralisationProtocol: " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file: " + e.getMessage() : e.getMessage()));
            System.exit(2);
        }
    }

    private static void run(Path out, Path pricesFile, List<String> logs, Set<String> variants) throws IOException {
        PriceTable prices = PriceTable.read(pricesFile);
        List<TrafficRecord> records = new ArrayList<>();
        for (String file : logs) {
            TrafficLog log = TrafficLogReader.read(Path.of(file));
            records.addAll(log.records());
        }
        long seed = Long.getLong("protocol.seed", 7);
        String lotoSource = System.getProperty("protocol.lotoSource", "llmrouter");
        Path cache = Path.of(System.getProperty("protocol.featureCache", "target/feature-cache"));
        Files.createDirectories(out);
        PrintStream log = System.err;
        boolean staticEmbedding = !"minilm".equals(System.getProperty("protocol.embedding", "static"));
        try (FeatureSource featurizer = staticEmbedding
                ? new StaticFeatureSource(StaticFeatureSource.DEFAULT_DIMENSIONS, StaticFeatureSource.DEFAULT_TOKEN_BUDGET, 2,
                        Integer.getInteger("protocol.refinePrompts", StaticFeatureSource.DEFAULT_REFINE_PROMPTS))
                : FeaturizerSource.create(128, 2)) {
            // Each variant featurizes its own training and test records with the featurizer fitted on its
            // training part: a static embedding's table differs per variant, MiniLM's vectors come from the cache.
            CachedFeatures features = CachedFeatures.in(cache, featurizer);
            ObjectNode summary = Json.object();
            HoldoutSplit split = new HoldoutSplit(0.2, seed);
            Predicate<TrafficRecord> heldOut = r -> split.isHeldOut(r.messages());

            if (variants.contains("split")) {
                summary.set("split", run("split (labels as logged)", records, heldOut.negate(), heldOut, r -> r,
                        features, prices, seed, out, log));
            }
            if (variants.contains("stripped")) {
                summary.set("labels_stripped", run("(a) labels stripped", records, heldOut.negate(), heldOut,
                        r -> relabel(r, null), features, prices, seed, out, log));
            }
            if (variants.contains("scrambled")) {
                Map<String, String> scrambled = scrambledLabels(records);
                summary.set("labels_scrambled", run("(b) labels scrambled", records, heldOut.negate(), heldOut,
                        r -> relabel(r, r.task() == null ? null : scrambled.get(r.task())), features, prices, seed, out,
                        log));
            }
            if (variants.contains("folds")) {
                summary.set("five_folds", crossValidate(records, features, prices, seed, out, log));
            }
            if (variants.contains("loto")) {
                summary.set("leave_one_task_out", leaveOneTaskOut(records, lotoSource, features, prices, seed, out, log));
            }
            JSON.writeValue(out.resolve("protocol.json").toFile(), summary);
        }
    }

    /** (b): each task string replaced by an unknown one, {@code task_1}, {@code task_2}... in sorted order. */
    private static Map<String, String> scrambledLabels(List<TrafficRecord> records) {
        TreeSet<String> tasks = new TreeSet<>();
        records.forEach(r -> {
            if (r.task() != null) {
                tasks.add(r.task());
            }
        });
        Map<String, String> scrambled = new TreeMap<>();
        for (String t : tasks) {
            scrambled.put(t, "task_" + (scrambled.size() + 1));
        }
        return scrambled;
    }

    /** (c): within one source, every request of one task family held out of training in turn. */
    private static ArrayNode leaveOneTaskOut(List<TrafficRecord> records, String lotoSource, CachedFeatures features,
                                             PriceTable prices, long seed, Path out, PrintStream log) throws IOException {
        ArrayNode loto = Json.array();
        TreeSet<String> tasks = new TreeSet<>();
        records.stream().filter(r -> lotoSource.equals(r.source()) && r.task() != null).forEach(r -> tasks.add(r.task()));
        for (String task : tasks) {
            Predicate<TrafficRecord> isTask = r -> task.equals(r.task());
            Predicate<TrafficRecord> test = r -> lotoSource.equals(r.source()) && isTask.test(r);
            ObjectNode result = run("(c) leave out " + task, records, isTask.negate(), test, r -> r, features, prices,
                    seed, out, log);
            result.put("task", task);
            loto.add(result);
        }
        return loto;
    }

    /** (d): labels stripped, each of {@link #FOLDS} parts of the prompts held out in turn. */
    private static ObjectNode crossValidate(List<TrafficRecord> records, CachedFeatures features, PriceTable prices,
                                            long seed, Path out, PrintStream log) throws IOException {
        HoldoutSplit split = new HoldoutSplit(1.0 / FOLDS, seed);
        Map<TrafficRecord, Integer> foldOf = new IdentityHashMap<>();
        records.forEach(r -> foldOf.put(r, split.fold(r.messages(), FOLDS)));
        List<ObjectNode> folds = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            int fold = f;
            Predicate<TrafficRecord> test = r -> foldOf.get(r) == fold;
            folds.add(run("(d) fold " + (f + 1) + " of " + FOLDS, records, test.negate(), test, r -> relabel(r, null),
                    features, prices, seed, out, log));
        }
        return FoldSummary.of(folds);
    }

    /** Each record's vector from the featurizer fitted on the training records alone (itself when it fits nothing). */
    private static Map<TrafficRecord, float[]> fittedVectors(List<TrafficRecord> train, List<TrafficRecord> test,
                                                             CachedFeatures featurizer, Path out, PrintStream log) {
        List<List<Message>> trainConversations = train.stream().map(TrafficRecord::messages).toList();
        Path dir = out.resolve("fitted-featurizer");
        FeatureSource fitted = featurizer.fittedOn(trainConversations, dir, log);
        List<TrafficRecord> all = new ArrayList<>(train);
        all.addAll(test);
        float[][] x = ParallelFeaturizer.featurize(all.stream().map(TrafficRecord::messages).toList(), fitted, 2, log);
        featurizer.save(); // MiniLM's vectors, kept for the next run
        Map<TrafficRecord, float[]> vectors = new IdentityHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            vectors.put(all.get(i), x[i]);
        }
        return vectors;
    }

    private static TrafficRecord relabel(TrafficRecord r, String task) {
        return new TrafficRecord(r.requestId(), r.source(), task, task == null ? null : r.subtask(), r.messages(),
                r.responses(), r.file(), r.line());
    }

    private static ObjectNode run(String name, List<TrafficRecord> records, Predicate<TrafficRecord> inTraining,
                                  Predicate<TrafficRecord> inTest, java.util.function.UnaryOperator<TrafficRecord> forTraining,
                                  CachedFeatures features, PriceTable prices, long seed,
                                  Path out, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        List<TrafficRecord> train = new ArrayList<>();
        List<float[]> trainX = new ArrayList<>();
        List<TrafficRecord> test = new ArrayList<>();
        List<float[]> testX = new ArrayList<>();
        List<TrafficRecord> trainAsLogged = new ArrayList<>();
        for (TrafficRecord r : records) {
            if (inTest.test(r)) {
                test.add(r);
            } else if (inTraining.test(r)) {
                trainAsLogged.add(r);
            }
        }
        Map<TrafficRecord, float[]> x = fittedVectors(trainAsLogged, test, features, out, log);
        for (TrafficRecord r : trainAsLogged) {
            train.add(forTraining.apply(r));
            trainX.add(x.get(r));
        }
        test.forEach(r -> testX.add(x.get(r)));
        log.printf(Locale.ROOT, "%s: train %d, test %d%n", name, train.size(), test.size());
        OutcomeFit fit = OutcomeTrainer.fit(train, trainX.toArray(float[][]::new), features.names(), seed, 5, log);
        double[][] predictions = fit.predictAll(testX.toArray(float[][]::new), OutcomeTrainer.texts(test));
        // The task oracle is a baseline: it sees the true labels of the training part.
        List<TrafficRecord> trueTrain = new ArrayList<>();
        records.stream().filter(r -> !inTest.test(r) && inTraining.test(r)).forEach(trueTrain::add);
        EvidenceReport report = Evidence.compute(trueTrain, test, predictions, fit.models(), fit.servingColumns(), prices,
                Evidence.defaultMargins());
        String slug = name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "").toLowerCase(Locale.ROOT);
        JSON.writeValue(out.resolve(slug + ".json").toFile(), report);
        PrintStream txt = new PrintStream(Files.newOutputStream(out.resolve(slug + ".txt")), true, "UTF-8");
        txt.println(name);
        EvidencePrinter.print(report, txt);
        txt.close();
        ObjectNode result = Json.object();
        result.put("name", name);
        result.put("train", train.size());
        result.put("test", test.size());
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        result.set("selection", fit.selection());
        result.set("evidence", io.routewise.training.evidence.EvidenceStep.summaryOf(report));
        JSON.writeValue(out.resolve(slug + "-summary.json").toFile(), result);
        log.printf(Locale.ROOT, "%s done in %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
        return result;
    }
}
