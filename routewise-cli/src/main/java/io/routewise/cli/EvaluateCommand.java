package io.routewise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.routewise.classifier.RequestClassifier;
import io.routewise.json.Json;
import io.routewise.training.CachedFeatures;
import io.routewise.training.FeatureSource;
import io.routewise.training.FeaturizerSource;
import io.routewise.training.TrainingInputException;
import io.routewise.training.TrainingOptions;
import io.routewise.training.TrainingSplit;
import io.routewise.training.evidence.CostQuality;
import io.routewise.training.evidence.CostQualityPlot;
import io.routewise.training.evidence.DataSetEvidence;
import io.routewise.training.evidence.Evidence;
import io.routewise.training.evidence.EvidencePrinter;
import io.routewise.training.evidence.EvidenceReport;
import io.routewise.training.evidence.ModelEvaluation;
import io.routewise.training.evidence.PriceTable;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code routewise evaluate}: scores one or more model directories on an outcome log, against the
 * baselines, on the held-out part of the log's split; prints the evidence, writes
 * {@code evidence.json} and {@code cost-quality.png} per directory, and a comparison when given several.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score model directories on traffic logs with outcomes, against the baselines.",
                "The logs are split by prompt as 'train' split them: by default with the --holdout and --seed the first",
                "model's card records, so the held-out part is one that model never saw; baselines fit on the other part."})
final class EvaluateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Model directories to score (several: compared side by side).")
    List<Path> models;

    @Option(names = "--logs", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Traffic logs with outcomes (JSONL, gzip accepted).")
    List<Path> logs;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "Price CSV (model,input_usd_per_1m,output_usd_per_1m) for requests without logged costs.")
    Path prices;

    @Option(names = "--holdout", paramLabel = "FRACTION",
            description = "Share of prompts held out (default: the first model's training split, else 0.2).")
    Double holdout;

    @Option(names = "--seed", paramLabel = "N",
            description = "Split seed (default: the first model's training split, else 42).")
    Long seed;

    @Option(names = "--out", defaultValue = "routewise-evaluation", paramLabel = "DIR",
            description = "Where evidence.json and cost-quality.png go, one folder per model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--feature-cache", paramLabel = "DIR", description = "Reuse prompt feature vectors kept in DIR.")
    Path featureCache;

    /** How the split used compares with the first model's own (empty when its card records none). */
    private String asTrained(TrainingSplit trained) {
        if (trained == null) {
            return "";
        }
        return trained.equals(new TrainingSplit(holdout, seed)) ? ", as " + models.get(0) + " was trained"
                : "; " + models.get(0) + " was trained with " + trained;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        TrainingSplit trained = TrainingSplit.of(models.get(0));
        for (Path other : models.subList(1, models.size())) {
            TrainingSplit s = TrainingSplit.of(other);
            if (holdout == null && seed == null && s != null && !s.equals(trained)) {
                err.println("note: " + other + " was trained on another split (" + s + ") than " + models.get(0) + " ("
                        + trained + "); the held-out part follows the first, so the other may have seen some of it");
            }
        }
        TrainingSplit fallback = trained != null ? trained
                : new TrainingSplit(TrainingOptions.DEFAULT_HOLDOUT, TrainingOptions.DEFAULT_SEED);
        if (holdout == null) {
            holdout = fallback.holdout();
        }
        if (seed == null) {
            seed = fallback.seed();
        }
        if (!(holdout > 0 && holdout < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--holdout must be strictly between 0 and 1, got "
                    + holdout);
        }
        for (Path log : logs) {
            if (!Files.isRegularFile(log)) {
                throw new TrainingInputException(log + ": traffic log not found");
            }
        }
        if (prices != null && !Files.isRegularFile(prices)) {
            throw new TrainingInputException("--prices " + prices + ": no such file");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new TrainingInputException(out + ": --out exists and is not a directory");
        }
        PrintStream stdout = System.out;
        ModelEvaluation.Split split = ModelEvaluation.split(logs, holdout, seed);
        split.problems().stream().limit(20).forEach(p -> err.println("skipped " + p));
        err.printf(Locale.ROOT, "split: %d requests to fit the baselines, %d held out (%s%s)%n", split.training().size(),
                split.heldOut().size(), new TrainingSplit(holdout, seed), asTrained(trained));
        PriceTable table = prices == null ? PriceTable.empty() : PriceTable.read(prices);
        List<EvidenceReport> reports = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Path dir = models.get(i);
            try (RequestClassifier classifier = RequestClassifier.load(dir)) {
                // Not closed here: the classifier owns the featurizer and closes it.
                FeaturizerSource source = new FeaturizerSource(classifier.featurizer());
                FeatureSource features = featureCache == null ? source : CachedFeatures.in(featureCache, source);
                EvidenceReport report = ModelEvaluation.evaluate(classifier, features, split, table, 2, err);
                if (features instanceof CachedFeatures c) {
                    c.save();
                }
                stdout.println("== " + dir + " ==");
                EvidencePrinter.print(report, stdout);
                Path target = models.size() == 1 ? out : out.resolve(i + 1 + "-" + dir.getFileName());
                Files.createDirectories(target);
                JSON.writeValue(target.resolve(Evidence.FILE).toFile(), report);
                if (report.plot() != null) {
                    DataSetEvidence plotted = report.dataSet(report.plot());
                    CostQualityPlot.write(plotted.costQuality(), String.format(Locale.ROOT, "%s: %s on %d held-out requests",
                            dir, plotted.source(), plotted.heldOutRequests()), target.resolve(Evidence.PLOT_FILE));
                }
                err.println("wrote " + target.resolve(Evidence.FILE) + (report.plot() == null ? "" : " and "
                        + target.resolve(Evidence.PLOT_FILE)));
                reports.add(report);
            }
        }
        if (models.size() > 1) {
            compare(stdout, reports);
        }
        stdout.flush();
        return 0;
    }

    /** One line per data set and model directory: AIQ, cost to match the best single model, APGR. */
    private void compare(PrintStream out, List<EvidenceReport> reports) {
        out.println("== comparison (held-out part) ==");
        out.printf(Locale.ROOT, "  %-18s %-40s %8s %14s %8s%n", "data set", "model directory", "AIQ", "match cost %", "APGR");
        for (DataSetEvidence first : reports.get(0).dataSets()) {
            for (int i = 0; i < reports.size(); i++) {
                DataSetEvidence d = reports.get(i).dataSet(first.source());
                if (d == null) {
                    continue;
                }
                CostQuality cq = d.costQuality();
                Double aiq = cq == null ? null : cq.aiq().get("router");
                String match = cq == null ? "-" : cq.routerHeadlines().match().reached()
                        ? String.format(Locale.ROOT, "%.1f", cq.routerHeadlines().match().costPercent()) : "not reached";
                Double apgr = d.strongWeak() == null ? null : d.strongWeak().apgr();
                out.printf(Locale.ROOT, "  %-18s %-40s %8s %14s %8s%n", first.source(), models.get(i),
                        aiq == null ? "-" : String.format(Locale.ROOT, "%.4f", aiq), match,
                        apgr == null ? "-" : String.format(Locale.ROOT, "%.4f", apgr));
            }
        }
    }
}
