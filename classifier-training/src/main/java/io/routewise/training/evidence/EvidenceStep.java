package io.routewise.training.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.classifier.ModelCard;
import io.routewise.json.Json;
import io.routewise.training.TrafficRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The evidence step at the end of a training run: computes the {@link EvidenceReport} on the
 * held-out part, prints it, writes {@value Evidence#FILE} and {@value Evidence#PLOT_FILE} into the
 * model directory, and adds a summary (headlines, APGR/CPT, file names) to the model card under
 * {@code metrics.evidence}.
 */
public final class EvidenceStep {

    private static final ObjectMapper JSON = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private EvidenceStep() {
    }

    /**
     * @param modelDir      the model directory just written (its card gets the summary)
     * @param training      the training part
     * @param heldOut       the held-out part
     * @param predictions   the outcome model's predictions on the held-out part, per model of {@code models}
     * @param models        the predicted models, in the predictions' order
     * @param pricesFile    the price CSV, or null for logged costs only
     * @param out           where the tables go (stdout for {@code routewise train})
     * @throws UncheckedIOException when the directory cannot be written
     */
    public static EvidenceReport run(Path modelDir, List<TrafficRecord> training, List<TrafficRecord> heldOut,
                                     double[][] predictions, List<String> models, Path pricesFile, PrintStream out) {
        return run(modelDir, training, heldOut, predictions, models, java.util.Map.of(), pricesFile, out);
    }

    /** {@link #run(Path, List, List, double[][], List, Path, PrintStream)} with per-data-set columns ({@link Evidence}). */
    public static EvidenceReport run(Path modelDir, List<TrafficRecord> training, List<TrafficRecord> heldOut,
                                     double[][] predictions, List<String> models, java.util.Map<String, String> servingColumns,
                                     Path pricesFile, PrintStream out) {
        PriceTable prices = pricesFile == null ? PriceTable.empty() : PriceTable.read(pricesFile);
        EvidenceReport report = Evidence.compute(training, heldOut, predictions, models, servingColumns, prices,
                Evidence.defaultMargins());
        EvidencePrinter.print(report, out);
        Path cardFile = modelDir.resolve(ModelCard.FILE_NAME);
        try {
            JSON.writeValue(modelDir.resolve(Evidence.FILE).toFile(), report);
            ModelCard card = ModelCard.read(cardFile);
            if (report.plot() != null) {
                DataSetEvidence plotted = report.dataSet(report.plot());
                String featurizer = describeFeaturizer(card.featurizer());
                CostQualityPlot.write(plotted.costQuality(), String.format(Locale.ROOT,
                        "%s: cost vs quality on %d held-out requests (featurizer %s)", plotted.source(),
                        plotted.heldOutRequests(), featurizer), modelDir.resolve(Evidence.PLOT_FILE));
                out.println("plotted " + plotted.source() + " to " + modelDir.resolve(Evidence.PLOT_FILE));
            }
            withSummary(card, report).write(cardFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence into " + modelDir + ": " + e.getMessage(), e);
        }
        return report;
    }

    /** The card with {@code metrics.evidence} set to the report's summary. */
    static ModelCard withSummary(ModelCard card, EvidenceReport report) {
        ObjectNode metrics = card.metrics() instanceof ObjectNode o ? o.deepCopy() : Json.object();
        metrics.set("evidence", summary(report));
        return card.withMetrics(metrics);
    }

    /** The headlines per data set; the curves stay in evidence.json. */
    public static ObjectNode summaryOf(EvidenceReport report) {
        return summary(report);
    }

    static ObjectNode summary(EvidenceReport report) {
        ObjectNode s = Json.object();
        s.put("file", Evidence.FILE);
        if (report.plot() != null) {
            s.put("plot", Evidence.PLOT_FILE);
            s.put("plotted_data_set", report.plot());
        }
        s.put("prices", report.pricesFile());
        ObjectNode sets = s.putObject("data_sets");
        for (DataSetEvidence d : report.dataSets()) {
            ObjectNode n = sets.putObject(d.source());
            n.put("held_out_requests", d.heldOutRequests());
            n.put("models", d.models().size());
            n.put("logged_costs", d.loggedCosts());
            n.put("estimated_costs", d.estimatedCosts());
            CostQuality cq = d.costQuality();
            if (cq != null) {
                n.set("strongest", JSON.valueToTree(cq.point(cq.strongest())));
                n.set("cheapest", JSON.valueToTree(cq.point(cq.cheapest())));
                n.set("router", JSON.valueToTree(cq.routerHeadlines()));
                n.set("task_oracle", JSON.valueToTree(cq.taskOracleHeadlines()));
                n.set("neighbour_baseline", JSON.valueToTree(cq.neighbourHeadlines()));
                n.set("aiq", JSON.valueToTree(cq.aiq()));
                n.set("share_at_or_above", JSON.valueToTree(cq.shareAtOrAbove()));
            }
            StrongWeak sw = d.strongWeak();
            if (sw != null) {
                ObjectNode r = n.putObject("routellm");
                r.put("strong", sw.strong());
                r.put("weak", sw.weak());
                r.put("q_strong", sw.qStrong());
                r.put("q_weak", sw.qWeak());
                if (sw.apgr() != null) {
                    r.put("apgr", sw.apgr());
                    r.put("cpt50", sw.cpt50());
                    r.put("cpt80", sw.cpt80());
                }
                r.put("random_apgr", sw.randomApgr());
            }
        }
        return s;
    }

    /** A short name for the plot title: the embedding model and its token budget, or the featurizer id. */
    static String describeFeaturizer(com.fasterxml.jackson.databind.JsonNode spec) {
        if (spec == null) {
            return "unknown featurizer";
        }
        if (spec.hasNonNull("embeddingModel")) {
            String model = spec.get("embeddingModel").asText();
            String shortName = model.substring(model.lastIndexOf('/') + 1);
            return shortName + (spec.hasNonNull("tokenBudget") ? ", " + spec.get("tokenBudget").asInt() + " tokens" : "");
        }
        return spec.path("id").asText("unknown featurizer");
    }
}
