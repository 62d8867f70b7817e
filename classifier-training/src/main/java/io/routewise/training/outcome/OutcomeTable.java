package io.routewise.training.outcome;

import io.routewise.classifier.OutcomeColumns;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Requests × logged models: each request's outcome per model (NaN where that model did not answer it),
 * the table every outcome predictor learns from, plus one more column, {@link #EASINESS}: the share of
 * the request's models whose answer was adequate (NaN with fewer than two outcomes), the chance that
 * a typical model of its data set does well. Task labels play no part.
 *
 * @param models   the columns, sorted: logged models, or a model within one data set ({@link OutcomeColumns})
 * @param outcomes per request, per model, the outcome or NaN
 */
public record OutcomeTable(List<String> models, float[][] outcomes) {

    /** The name of the easiness column, last in {@link #models()}; no logged model can have it. */
    public static final String EASINESS = "(easiness)";

    public OutcomeTable {
        models = List.copyOf(models);
    }

    /**
     * The table of these records over every model that answered any of them, then {@link #EASINESS}. A model
     * answering in several data sets gets one column per data set ({@link OutcomeColumns}).
     */
    public static OutcomeTable of(List<TrafficRecord> records) {
        Map<String, TreeSet<String>> sources = new TreeMap<>();
        for (TrafficRecord r : records) {
            r.withOutcomes().forEach(o -> sources.computeIfAbsent(o.model(), m -> new TreeSet<>()).add(sourceOf(r)));
        }
        sources.remove(EASINESS);
        TreeSet<String> names = new TreeSet<>();
        sources.forEach((model, in) -> {
            if (in.size() == 1) {
                names.add(model);
            } else {
                in.forEach(source -> names.add(OutcomeColumns.scoped(model, source)));
            }
        });
        List<String> columns = new ArrayList<>(names);
        columns.add(EASINESS);
        return of(records, columns);
    }

    private static String sourceOf(TrafficRecord r) {
        return r.source() == null ? OutcomeColumns.NO_SOURCE : r.source();
    }

    /**
     * Per logged model with one column per data set, the column serving reads for it: the one with the most
     * outcomes (ties to the first in column order).
     */
    public Map<String, String> servingColumns() {
        Map<String, String> chosen = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (int m = 0; m < models.size(); m++) {
            String column = models.get(m);
            String model = OutcomeColumns.loggedModel(column);
            if (model.equals(column)) {
                continue;
            }
            int n = 0;
            for (float[] row : outcomes) {
                n += Float.isNaN(row[m]) ? 0 : 1;
            }
            if (n > counts.getOrDefault(model, -1)) {
                counts.put(model, n);
                chosen.put(model, column);
            }
        }
        return chosen;
    }

    /** The index of the easiness column, or -1. */
    public int easinessColumn() {
        return models.indexOf(EASINESS);
    }

    /**
     * The table of these records over the given columns: a response fills its model's column for the record's
     * data set, else its model's column; others are ignored.
     */
    public static OutcomeTable of(List<TrafficRecord> records, List<String> models) {
        Map<String, Integer> index = new TreeMap<>();
        for (int m = 0; m < models.size(); m++) {
            index.put(models.get(m), m);
        }
        Integer easiness = index.get(EASINESS);
        float[][] out = new float[records.size()][models.size()];
        for (int i = 0; i < records.size(); i++) {
            java.util.Arrays.fill(out[i], Float.NaN);
            List<LoggedResponse> answered = records.get(i).withOutcomes();
            for (LoggedResponse o : answered) {
                Integer m = index.get(OutcomeColumns.scoped(o.model(), records.get(i).source()));
                if (m == null) {
                    m = index.get(o.model());
                }
                if (m != null && !o.model().equals(EASINESS)) {
                    out[i][m] = o.outcome().floatValue();
                }
            }
            if (easiness != null && answered.size() >= io.routewise.training.Complexity.MIN_OUTCOMES) {
                out[i][easiness] = (float) answered.stream().filter(LoggedResponse::adequate).count() / answered.size();
            }
        }
        return new OutcomeTable(models, out);
    }

    public int rows() {
        return outcomes.length;
    }

    /** Each model's mean outcome over the requests it answered (0.5 for a model with none). */
    public float[] priors() {
        float[] p = new float[models.size()];
        for (int m = 0; m < p.length; m++) {
            double sum = 0;
            int n = 0;
            for (float[] row : outcomes) {
                if (!Float.isNaN(row[m])) {
                    sum += row[m];
                    n++;
                }
            }
            p[m] = n == 0 ? 0.5f : (float) (sum / n);
        }
        return p;
    }

    /** Sum of squared errors and count of the answered model cells (not easiness), in this table's model order. */
    public double[] squaredError(double[][] predicted) {
        double sse = 0;
        long n = 0;
        int skip = easinessColumn();
        for (int i = 0; i < outcomes.length; i++) {
            for (int m = 0; m < models.size(); m++) {
                if (m == skip) {
                    continue;
                }
                float o = outcomes[i][m];
                if (!Float.isNaN(o)) {
                    double d = predicted[i][m] - o;
                    sse += d * d;
                    n++;
                }
            }
        }
        return new double[] {sse, n};
    }

    /**
     * Mean squared error of the predictions' differences between models: per request, predictions and
     * outcomes are each centred on their mean over the models that answered it, and the centred values
     * compared (requests answered by fewer than two models count for nothing). Routing chooses between
     * models, so a shift every model shares (how hard the prompt is) does not change a choice; this is the
     * part of the outcome Brier that does.
     */
    public double relativeBrier(double[][] predicted) {
        double sse = 0;
        long n = 0;
        for (double[] row : relativeErrorsByRow(predicted)) {
            sse += row[0];
            n += (long) row[1];
        }
        return n == 0 ? Double.NaN : sse / n;
    }

    /**
     * The standard error of {@code relativeBrier(a) − relativeBrier(b)}, paired by request (the two
     * predictions of one request share its outcomes): requests are the sampling unit.
     */
    public double relativeBrierDifferenceError(double[][] a, double[][] b) {
        double[][] ea = relativeErrorsByRow(a);
        double[][] eb = relativeErrorsByRow(b);
        int rows = ea.length;
        double cells = 0;
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            cells += ea[i][1];
            sum += ea[i][0] - eb[i][0];
        }
        if (rows < 2 || cells == 0) {
            return Double.NaN;
        }
        double mean = sum / rows;
        double ss = 0;
        for (int i = 0; i < rows; i++) {
            double d = ea[i][0] - eb[i][0] - mean;
            ss += d * d;
        }
        return Math.sqrt(rows * ss / (rows - 1)) / cells;
    }

    /**
     * Per request: the sum of the squared centred errors over the models that answered it, and how many
     * answered (both 0 for a request fewer than two models answered).
     */
    private double[][] relativeErrorsByRow(double[][] predicted) {
        int skip = easinessColumn();
        double[][] out = new double[outcomes.length][2];
        for (int i = 0; i < outcomes.length; i++) {
            double sumP = 0;
            double sumO = 0;
            int answered = 0;
            for (int m = 0; m < models.size(); m++) {
                if (m != skip && !Float.isNaN(outcomes[i][m])) {
                    sumP += predicted[i][m];
                    sumO += outcomes[i][m];
                    answered++;
                }
            }
            if (answered < 2) {
                continue;
            }
            double meanP = sumP / answered;
            double meanO = sumO / answered;
            double sse = 0;
            for (int m = 0; m < models.size(); m++) {
                if (m != skip && !Float.isNaN(outcomes[i][m])) {
                    double d = (predicted[i][m] - meanP) - (outcomes[i][m] - meanO);
                    sse += d * d;
                }
            }
            out[i][0] = sse;
            out[i][1] = answered;
        }
        return out;
    }

    /** Mean squared error of the predictions over the answered cells (outcome Brier). */
    public double brier(double[][] predicted) {
        double[] e = squaredError(predicted);
        return e[1] == 0 ? Double.NaN : e[0] / e[1];
    }
}
