package io.routewise.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.Message;
import io.routewise.classifier.ModelCard;
import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.OnnxClassifier;
import io.routewise.classifier.RoutingWeights;
import io.routewise.json.Json;
import io.routewise.classifier.LexicalIndex;
import io.routewise.classifier.NeighbourIndex;
import io.routewise.classifier.OutcomeSpec;
import io.routewise.training.evidence.EvidenceStep;
import io.routewise.training.outcome.OutcomeFit;
import io.routewise.training.outcome.OutcomeHeads;
import io.routewise.training.outcome.OutcomeTable;
import io.routewise.classifier.OutcomeColumns;
import io.routewise.training.outcome.OutcomeTrainer;
import io.routewise.training.outcome.TierAbilities;
import io.routewise.training.complexity.TierPriorStep;
import io.routewise.classifier.TierPrior;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * One training run, end to end: read the traffic logs, label each request, split by prompt,
 * featurize, compute the routing weights, train and compare the candidate trainers on the
 * held-out part, keep the one with the lowest held-out log-loss, and write the model directory
 * ({@code classifier.onnx}, {@code model-card.json}, {@code routing-weights.json}).
 */
public final class TrainingRun {

    /** snake_case for the records written into the model card. */
    private static final ObjectMapper CARD_JSON = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final int PROBLEMS_SHOWN = 20;

    private TrainingRun() {
    }

    /** Trains with the default options (complexity labels); see {@link #run(TrainingOptions, FeatureSource, PrintStream)}. */
    public static TrainingSummary run(List<Path> logs, Path outDir, double holdout, long seed, FeatureSource features,
                                      PrintStream progress) {
        return run(TrainingOptions.of(logs, outDir, holdout, seed), features, progress);
    }

    /**
     * Trains and writes the model directory.
     *
     * @param progress where progress bars, skipped lines and the comparison table go (stderr for a CLI)
     * @throws TrainingInputException when the input cannot be used (the message is one line)
     * @throws UncheckedIOException   when the model directory cannot be written
     */
    public static TrainingSummary run(TrainingOptions options, FeatureSource features, PrintStream progress) {
        long start = System.nanoTime();
        checkFeatureOrder(features.names());

        // 1. Read.
        List<TrafficRecord> records = new ArrayList<>();
        List<DataSummary.FileSummary> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long problemsTotal = 0;
        long linesTotal = 0;
        for (Path log : options.logs()) {
            TrafficLog read = TrafficLogReader.read(log);
            files.add(new DataSummary.FileSummary(read.file(), read.lines(), read.records().size(), read.problems().size()));
            records.addAll(read.records());
            linesTotal += read.lines();
            problemsTotal += read.problems().size();
            for (LineProblem p : read.problems()) {
                if (problems.size() < PROBLEMS_SHOWN) {
                    problems.add(p.toString());
                    progress.println("skipped " + p);
                }
            }
            progress.printf(Locale.ROOT, "read %s: %d lines, %d requests, %d skipped%n", read.file(), read.lines(),
                    read.records().size(), read.problems().size());
        }
        if (problemsTotal > problems.size()) {
            progress.printf(Locale.ROOT, "... %d more lines skipped%n", problemsTotal - problems.size());
        }
        if (records.isEmpty()) {
            throw new TrainingInputException("no usable request in " + options.logs() + " (" + linesTotal
                    + " non-blank lines, " + problemsTotal + " skipped" + (problems.isEmpty() ? "" : "; first: " + problems.get(0)) + ")");
        }

        // 2. Label and split.
        HoldoutSplit split = new HoldoutSplit(options.holdout(), options.seed());
        List<TrafficRecord> train = new ArrayList<>();
        List<String> trainClasses = new ArrayList<>();
        List<TrafficRecord> test = new ArrayList<>();
        List<String> testClasses = new ArrayList<>();
        Map<String, Long> classCounts = new TreeMap<>();
        Map<String, Long> taskCounts = new TreeMap<>();
        Map<String, long[]> sourceTaskCounts = new TreeMap<>();
        for (TrafficRecord r : records) {
            var cls = options.scheme().classOf(r);
            if (cls.isEmpty()) {
                continue;
            }
            classCounts.merge(cls.get(), 1L, Long::sum);
            TaskTaxonomy.Mapping mapping = TaskTaxonomy.map(r.task(), r.subtask());
            taskCounts.merge(mapping.task().label(), 1L, Long::sum);
            sourceTaskCounts.computeIfAbsent(sourceTaskKey(r), k -> new long[1])[0]++;
            if (split.isHeldOut(r.messages())) {
                test.add(r);
                testClasses.add(cls.get());
            } else {
                train.add(r);
                trainClasses.add(cls.get());
            }
        }
        long labelled = train.size() + test.size();
        if (labelled == 0) {
            throw new TrainingInputException("no request in " + options.logs() + " has outcomes from at least "
                    + Complexity.MIN_OUTCOMES + " models, so no label can be derived (" + records.size() + " requests read)");
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new TrainingInputException("too few labelled requests (" + labelled + ") to hold out "
                    + options.holdout() + " of them and still train; log more traffic or change --holdout");
        }
        Map<String, Long> trainClassCounts = new TreeMap<>();
        trainClasses.forEach(c -> trainClassCounts.merge(c, 1L, Long::sum));
        if (trainClassCounts.size() < 2) {
            throw new TrainingInputException("every training request has the same class " + trainClassCounts.keySet()
                    + "; a classifier needs at least two");
        }
        Map<String, DataSummary.SourceTask> sourceTasks = new TreeMap<>();
        for (var e : sourceTaskCounts.entrySet()) {
            String[] parts = e.getKey().split("\t", -1);
            TaskTaxonomy.Mapping m = TaskTaxonomy.map(parts[0].isEmpty() ? null : parts[0],
                    parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null);
            sourceTasks.put(e.getKey().replace('\t', '/'), new DataSummary.SourceTask(m.task().label(), m.explicit(), e.getValue()[0]));
        }
        DataSummary data = new DataSummary(files, problems, problemsTotal, records.size(), labelled,
                records.size() - labelled, classCounts, taskCounts, sourceTasks, train.size(), test.size(), trainClassCounts);
        progress.printf(Locale.ROOT, "labelled %d of %d requests (%s); train %d, held out %d%n", labelled, records.size(),
                classCounts, train.size(), test.size());

        // 3. Featurize (train then held-out, one pass over both so the bar covers all of it). A featurizer
        // that learns from prompts (a static embedding's piece weights) fits on the training part first.
        List<List<Message>> conversations = new ArrayList<>(train.size() + test.size());
        train.forEach(r -> conversations.add(r.messages()));
        try {
            Files.createDirectories(options.outDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + options.outDir() + ": " + e.getMessage(), e);
        }
        features = features.fittedOn(List.copyOf(conversations), options.outDir(), progress);
        test.forEach(r -> conversations.add(r.messages()));
        float[][] all = ParallelFeaturizer.featurize(conversations, features, options.threads(), progress);
        LabelledSet trainSet = new LabelledSet(train, trainClasses, java.util.Arrays.copyOfRange(all, 0, train.size()));
        LabelledSet testSet = new LabelledSet(test, testClasses, java.util.Arrays.copyOfRange(all, train.size(), all.length));

        // 4. Train and compare.
        List<String> featureNames = features.names();
        MutableDataset<Label> trainData = trainSet.toDataset(featureNames, "routewise traffic logs " + options.logs()
                + " (training part, holdout " + options.holdout() + ", seed " + options.seed() + ")");
        MutableDataset<Label> testData = testSet.toDataset(featureNames, "held-out part");
        if (trainData.getFeatureIDMap().size() != featureNames.size()) {
            throw new IllegalStateException("Tribuo saw " + trainData.getFeatureIDMap().size() + " features, the featurizer "
                    + "names " + featureNames.size());
        }
        List<String> labels = labelOrder(trainData.getOutputIDInfo());
        RoutingWeights weights = RoutingWeightsBuilder.build(train, trainClasses, records, labels, options.smoothingK(),
                weightsSource(options, train.size()));

        List<TrainerResult> results = new ArrayList<>();
        Model<Label> best = null;
        TrainerResult bestResult = null;
        float[][] bestProbs = null;
        for (TrainerCandidate candidate : TrainerCandidate.defaults(options.seed(), options.epochs())) {
            long t0 = System.nanoTime();
            Model<Label> model;
            double finalLoss;
            ProgressBar bar = ProgressBar.start(progress, "training " + candidate.name(),
                    (long) candidate.epochs() * trainData.size());
            try (SgdProgress sgd = new SgdProgress(bar)) {
                model = candidate.trainer().train(trainData);
                finalLoss = sgd.lastLoss();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!labelOrder(model.getOutputIDInfo()).equals(labels)) {
                throw new IllegalStateException("the model's label order differs from the dataset's");
            }
            List<Prediction<Label>> predictions = model.predict(testData);
            float[][] probs = Evaluation.probabilities(model, predictions, labels);
            TrainerResult result = Evaluation.score(candidate.name(), candidate.description(), probs, labels, testSet,
                    weights, seconds, finalLoss);
            results.add(result);
            if (bestResult == null || result.logLoss() < bestResult.logLoss()) {
                best = model;
                bestResult = result;
                bestProbs = probs;
            }
        }
        float[] prior = new float[labels.size()];
        for (int c = 0; c < labels.size(); c++) {
            prior[c] = (float) trainClassCounts.getOrDefault(labels.get(c), 0L) / train.size();
        }
        results.add(Evaluation.score("prior", "reference: training class frequencies for every request",
                Evaluation.constant(prior, testSet.size()), labels, testSet, weights, 0, Double.NaN));
        results.add(Evaluation.score("oracle", "reference: the true class with probability 1 (a ceiling, not reachable)",
                Evaluation.oracle(testSet, labels), labels, testSet, weights, 0, Double.NaN));
        printResults(progress, results, bestResult.name());

        // 4b. The outcome model: each logged model's outcome from the prompt alone (no task labels).
        progress.println("outcome model (designs compared on an inner validation split of the training part):");
        OutcomeFit outcomeFit = OutcomeTrainer.fit(train, trainSet.features(), featureNames, options.seed(),
                options.epochs(), progress);
        double[][] heldOutPredictions = outcomeFit.predictAll(testSet.features(), OutcomeTrainer.texts(test));
        OutcomeTable heldOutTable = OutcomeTable.of(test, outcomeFit.models());
        double outcomeBrier = heldOutTable.brier(heldOutPredictions);
        progress.printf(Locale.ROOT, "outcome model: held-out outcome Brier %.5f (class head %s: %.5f)%n", outcomeBrier,
                bestResult.name(), bestResult.outcomeBrier());

        // 4c. The tier prior: catalog models without logged outcomes, predicted from the prompt's complexity.
        Map<Integer, Double> abilities = TierAbilities.of(train, ModelTiers.defaults());
        progress.printf(Locale.ROOT, "tier abilities (item-response fit, log-odds): %s%n", abilities);
        TierPriorFeatures priorReads = features.tierPriorFeatures();
        TierPrior tierPrior = options.complexityPrompts().isEmpty() ? null
                : TierPriorStep.run(options.complexityPrompts(), priorReads, options.threads(), abilities, options.outDir(),
                        options.seed(), options.epochs(), progress);
        String priorTable = priorReads.embeddingFile();
        if (priorTable != null && tierPrior == null) {
            // A table kept for a tier prior that was not trained (no complexity prompts, or no tier abilities).
            try {
                Files.deleteIfExists(options.outDir().resolve(priorTable));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + priorTable + " from " + options.outDir(), e);
            }
        }

        // 5. Write the model directory, then check it loads and agrees with Tribuo.
        double maxDiff;
        try {
            Path onnx = options.outDir().resolve(ModelDirectory.CLASSIFIER_FILE);
            OnnxExport.write(best, labels, featureNames, onnx);
            outcomeFit.heads().write(options.outDir().resolve(OutcomeHeads.FILE_NAME), featureNames);
            outcomeFit.neighbours().write(options.outDir().resolve(NeighbourIndex.FILE_NAME));
            outcomeFit.lexical().write(options.outDir().resolve(LexicalIndex.FILE_NAME));
            weights.write(options.outDir().resolve(RoutingWeights.FILE_NAME));
            OutcomeSpec outcomeSpec = outcomeSpec(outcomeFit, abilities, tierPrior, outcomeBrier, Double.NaN);
            ModelCard card = card(options, features, labels, data, results, bestResult, best, Double.NaN, outcomeSpec);
            card.write(options.outDir().resolve(ModelCard.FILE_NAME));
            ModelDirectory written = ModelDirectory.load(options.outDir());
            maxDiff = onnxParity(written, testSet, bestProbs);
            double outcomeDiff = outcomeParity(written, testSet, outcomeFit);
            card = card(options, features, labels, data, results, bestResult, best, maxDiff,
                    outcomeSpec(outcomeFit, abilities, tierPrior, outcomeBrier, outcomeDiff));
            card.write(options.outDir().resolve(ModelCard.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model directory " + options.outDir() + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.printf(Locale.ROOT, "wrote %s (trainer %s; ONNX vs Tribuo max |diff| %.2e) in %.1fs%n", options.outDir(),
                bestResult.name(), maxDiff, seconds);

        // 6. Evidence (issue 3): routing on the held-out part, per data set; tables to stdout,
        //    evidence.json + cost-quality.png into the directory, headlines into the model card.
        EvidenceStep.run(options.outDir(), train, test, heldOutPredictions, outcomeFit.models(),
                outcomeFit.servingColumns(), options.prices(), System.out);
        return new TrainingSummary(options.outDir(), labels, bestResult.name(), results, data, maxDiff, seconds);
    }

    /** Class names in Tribuo's id order, which is the ONNX output order. */
    static List<String> labelOrder(ImmutableOutputInfo<Label> info) {
        List<String> labels = new ArrayList<>(info.size());
        for (int id = 0; id < info.size(); id++) {
            labels.add(info.getOutput(id).getLabel());
        }
        return labels;
    }

    private static void checkFeatureOrder(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the featurizer has no features");
        }
        if (new TreeSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("the featurizer's feature names are not unique");
        }
        for (int i = 1; i < names.size(); i++) {
            if (names.get(i - 1).compareTo(names.get(i)) >= 0) {
                throw new IllegalArgumentException("feature names must be in alphabetical order (Tribuo's ONNX input order): '"
                        + names.get(i - 1) + "' comes before '" + names.get(i) + "'");
            }
        }
    }

    private static String sourceTaskKey(TrafficRecord r) {
        String task = r.task() == null ? "" : r.task();
        // Subtasks only matter where the taxonomy looks at them (MMLU subjects).
        TaskTaxonomy.Mapping withSub = TaskTaxonomy.map(r.task(), r.subtask());
        TaskTaxonomy.Mapping without = TaskTaxonomy.map(r.task(), null);
        return withSub.equals(without) ? task : task + "\t" + r.subtask();
    }

    /** Scores the held-out part through ONNX Runtime and returns the largest difference from Tribuo. */
    private static double onnxParity(ModelDirectory dir, LabelledSet heldOut, float[][] tribuo) {
        double max = 0;
        try (OnnxClassifier classifier = OnnxClassifier.open(dir)) {
            int batch = 256;
            for (int from = 0; from < heldOut.size(); from += batch) {
                int to = Math.min(heldOut.size(), from + batch);
                float[][] onnx = classifier.probabilities(java.util.Arrays.copyOfRange(heldOut.features(), from, to));
                for (int i = from; i < to; i++) {
                    for (int c = 0; c < onnx[i - from].length; c++) {
                        max = Math.max(max, Math.abs(onnx[i - from][c] - tribuo[i][c]));
                    }
                }
            }
        }
        return max;
    }

    /** The outcome heads through ONNX Runtime against the Java blend's head part, on the held-out part. */
    private static double outcomeParity(ModelDirectory dir, LabelledSet heldOut, OutcomeFit fit) {
        double max = 0;
        OutcomeSpec spec = dir.card().outcomeModel();
        try (OnnxClassifier heads = OnnxClassifier.open(dir.dir().resolve(spec.headsFile()), "input", "output",
                spec.models(), heldOut.features()[0].length)) {
            for (float[] x : heldOut.features()) {
                float[] onnx = heads.probabilities(x);
                double[] java = fit.heads().predict(x);
                for (int m = 0; m < onnx.length; m++) {
                    max = Math.max(max, Math.abs(onnx[m] - java[m]));
                }
            }
        }
        return max;
    }

    private static OutcomeSpec outcomeSpec(OutcomeFit fit, Map<Integer, Double> abilities, TierPrior tierPrior,
                                           double heldOutBrier, double onnxDiff) {
        ModelTiers tiers = ModelTiers.defaults();
        Map<String, Integer> tierOf = new TreeMap<>();
        for (String m : fit.models()) {
            tiers.tierOf(OutcomeColumns.loggedModel(m)).ifPresent(t -> tierOf.put(m, t));
        }
        ObjectNode details = Json.object();
        details.put("heads", fit.heads().description());
        details.put("neighbours", "cosine over the embedding projected on " + fit.neighbours().dims()
                + " principal components; per model the mean outcome of its k = " + fit.neighbours().k()
                + " nearest training prompts among those it answered, smoothed toward its mean outcome with kappa = "
                + fit.neighbours().kappa() + "; file format in NeighbourIndex (" + NeighbourIndex.FILE_NAME + ")");
        details.put("neighbour_rows", fit.neighbours().rows());
        details.put("lexical", "word-overlap neighbours over the same rows: TF-IDF of the last user turn (sublinear tf, "
                + "smooth idf, L2), cosine through an inverted index, k = " + fit.lexical().k() + ", kappa = "
                + fit.lexical().kappa() + "; file format in LexicalIndex (" + LexicalIndex.FILE_NAME + ")");
        details.put("tiers_table", tiers.name());
        details.put("catalog_models", tierPrior != null
                ? "a catalog model whose id or upstream_model is a listed model uses that model's prediction; any other is "
                + "a model of its tier under tier_prior: sigmoid(ability[tier] - difficulty(predicted ease))"
                : "a catalog model whose id or upstream_model is a listed model uses that model's prediction; any other is "
                + "a model of its tier: sigmoid(logit(predicted easiness) + tier_abilities[tier]), the tier's ability in a "
                + "one-parameter item-response model fitted to the logs");
        details.put("task_labels", "not used: the outcome model learns from outcomes alone");
        details.set("selection", fit.selection());
        details.put("held_out_outcome_brier", heldOutBrier);
        if (!Double.isNaN(onnxDiff)) {
            details.put("onnx_vs_tribuo_max_abs_diff", onnxDiff);
        }
        return new OutcomeSpec(fit.models(), tierOf, OutcomeTable.EASINESS, abilities, OutcomeHeads.FILE_NAME,
                NeighbourIndex.FILE_NAME, fit.headsWeight(), LexicalIndex.FILE_NAME, fit.lexicalWeight(), details, tierPrior,
                fit.servingColumns());
    }

    private static JsonNode weightsSource(TrainingOptions options, int trainRequests) {
        ObjectNode source = Json.object();
        source.put("kind", "training logs");
        source.put("requests", trainRequests);
        source.put("note", "training part of the split only; outcomes of every model that answered");
        source.put("command", options.command());
        return source;
    }

    private static ModelCard card(TrainingOptions options, FeatureSource features, List<String> labels, DataSummary data,
                                  List<TrainerResult> results, TrainerResult chosen, Model<Label> model, double maxDiff,
                                  OutcomeSpec outcomeSpec) {
        ObjectNode scheme = Json.object();
        scheme.put("name", options.scheme().cliName());
        scheme.put("description", options.scheme().description());
        scheme.put("adequate_outcome", LoggedResponse.ADEQUATE);
        scheme.put("easy_min_fraction", Complexity.EASY_MIN_FRACTION);
        scheme.put("hard_below_fraction", Complexity.HARD_BELOW_FRACTION);
        scheme.put("min_outcomes", Complexity.MIN_OUTCOMES);
        ObjectNode table = scheme.putObject("task_table");
        TaskTaxonomy.table().forEach((k, v) -> table.put(k, v.label()));

        ObjectNode metrics = Json.object();
        metrics.put("selection", "lowest held-out log-loss among the trainers");
        metrics.put("chosen", chosen.name());
        metrics.set("held_out", CARD_JSON.valueToTree(results));
        if (!Double.isNaN(maxDiff)) {
            metrics.put("onnx_vs_tribuo_max_abs_diff", maxDiff);
        }
        Map<String, Object> featurizer = new LinkedHashMap<>(features.spec());
        ObjectNode dataNode = CARD_JSON.valueToTree(data);
        new TrainingSplit(options.holdout(), options.seed()).writeTo(dataNode);
        return new ModelCard(ModelCard.FORMAT_VERSION, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), labels,
                scheme, features.names(), features.names().size(), "input", "output", CARD_JSON.valueToTree(featurizer),
                chosen.name() + ": " + chosen.description(), dataNode, metrics,
                ProvenanceJson.toJson(model.getProvenance()), options.command(), outcomeSpec);
    }

    private static void printResults(PrintStream out, List<TrainerResult> results, String chosen) {
        out.println("held-out comparison (log-loss: lower is better; outcome Brier: error predicting each model's outcome):");
        out.printf(Locale.ROOT, "  %-26s %9s %9s %14s %8s%n", "trainer", "log-loss", "accuracy", "outcome-Brier", "seconds");
        for (TrainerResult r : results) {
            out.printf(Locale.ROOT, "  %-26s %9.4f %9.4f %14.5f %8.1f%s%n", r.name(), r.logLoss(), r.accuracy(),
                    r.outcomeBrier(), r.trainSeconds(), r.name().equals(chosen) ? "  <- chosen" : "");
        }
    }
}
