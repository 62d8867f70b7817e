package io.routewise.training.evidence;

import io.routewise.chat.Message;
import io.routewise.classifier.LexicalIndex;
import io.routewise.features.Featurizer;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The nearest-neighbour baseline: a request's expected outcome per model is the mean logged
 * outcome of that model on the {@code k} training prompts most similar to it.
 * <p>
 * A prompt is its last user turn (text parts only, as {@code io.routewise.features.PromptText}
 * reads it), lowercased and split into runs of Unicode letters and digits; its vector is TF-IDF
 * with sublinear term frequency {@code 1 + ln(tf)} and smooth inverse document frequency
 * {@code ln((1 + N) / (1 + df)) + 1}, L2-normalised, so similarity is the cosine. Neighbours are
 * the {@code k} training prompts with the highest positive similarity (ties: training order;
 * duplicate prompts count separately); a training prompt sharing no term with the query is never
 * a neighbour, so a query may have fewer than {@code k}. Per model the prediction is the mean
 * outcome over the neighbours that model answered; a model none of them answered (or a query with
 * no term seen in training) gets the model's mean outcome over all training requests.
 * <p>
 * The vectors and the inverted index are the router's own word-overlap index ({@link LexicalIndex}),
 * so a query only adds up scores for the prompts it shares a term with. Immutable once fitted,
 * so safe to query from several threads.
 */
public final class TfidfNeighbours {

    /** The number of neighbours used when none is given. */
    public static final int DEFAULT_K = 50;

    private final int k;
    /** TF-IDF over the training prompts' last user turns (shared with the router's word-overlap neighbours). */
    private final LexicalIndex index;
    /** The models with an outcome in training, sorted. */
    private final List<String> models;
    /** Per training request, per model: its outcome, NaN when that model did not answer. */
    private final double[][] outcomes;
    /** Per model: its mean outcome over all training requests it answered. */
    private final double[] overallMeans;

    private TfidfNeighbours(int k, LexicalIndex index, List<String> models, double[][] outcomes, double[] overallMeans) {
        this.k = k;
        this.index = index;
        this.models = models;
        this.outcomes = outcomes;
        this.overallMeans = overallMeans;
    }

    /**
     * Indexes the training requests.
     *
     * @param training the requests to find neighbours among (each one counts in {@code N}, also
     *                 one without outcomes, which then informs no prediction)
     * @param k        how many neighbours to average over, at least 1
     */
    public static TfidfNeighbours fit(List<TrafficRecord> training, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        LexicalIndex index = LexicalIndex.build(training.stream().map(r -> lastUserText(r.messages())).toList(), k, 0);
        List<String> models = new ArrayList<>(modelsOf(training));
        double[][] outcomes = outcomes(training, models);
        return new TfidfNeighbours(k, index, List.copyOf(models), outcomes, overallMeans(outcomes, models.size()));
    }

    /** The number of neighbours each prediction averages over. */
    public int k() {
        return k;
    }

    /** The models it predicts for: every model with an outcome in training, sorted. */
    public List<String> models() {
        return models;
    }

    /**
     * The expected outcome per model for a conversation.
     *
     * @return every model of {@link #models()} with its prediction, in that order
     */
    public Map<String, Double> predict(List<Message> messages) {
        double[] sums = new double[models.size()];
        int[] answered = new int[models.size()];
        for (int d : neighbours(messages)) {
            for (int m = 0; m < sums.length; m++) {
                if (!Double.isNaN(outcomes[d][m])) {
                    sums[m] += outcomes[d][m];
                    answered[m]++;
                }
            }
        }
        Map<String, Double> prediction = new LinkedHashMap<>();
        for (int m = 0; m < sums.length; m++) {
            prediction.put(models.get(m), answered[m] > 0 ? sums[m] / answered[m] : overallMeans[m]);
        }
        return Collections.unmodifiableMap(prediction);
    }

    /**
     * The indices of the training requests nearest the conversation, nearest first. Scores are
     * added up along the postings of the query's terms only; the top {@code k} are then read off
     * the score array, whose one pass costs little next to the postings of a common term.
     */
    List<Integer> neighbours(List<Message> messages) {
        float[] scores = index.similarities(lastUserText(messages));
        // a min-heap of the best k so far, the worst (lowest score, then latest) on top
        PriorityQueue<Integer> best = new PriorityQueue<>(k + 1, (a, b) -> {
            int byScore = Float.compare(scores[a], scores[b]);
            return byScore != 0 ? byScore : Integer.compare(b, a);
        });
        for (int d = 0; d < scores.length; d++) {
            if (scores[d] > 0 && (best.size() < k || scores[d] > scores[best.peek()])) {  // in order: a tie keeps the earlier
                best.add(d);
                if (best.size() > k) {
                    best.poll();
                }
            }
        }
        List<Integer> nearest = new ArrayList<>(best.size());
        while (!best.isEmpty()) {
            nearest.add(best.poll());
        }
        Collections.reverse(nearest);
        return nearest;
    }

    /** Lowercased runs of Unicode letters and digits ({@link LexicalIndex#tokens}). */
    static List<String> tokens(String text) {
        return LexicalIndex.tokens(text);
    }

    /**
     * The text of the last user turn, its text parts joined with a newline; "" when there is none
     * ({@link Featurizer#lastUserTurn}).
     */
    static String lastUserText(List<Message> messages) {
        return Featurizer.lastUserTurn(messages);
    }

    private static TreeSet<String> modelsOf(List<TrafficRecord> training) {
        TreeSet<String> models = new TreeSet<>();
        for (TrafficRecord r : training) {
            for (LoggedResponse response : r.withOutcomes()) {
                models.add(response.model());
            }
        }
        return models;
    }

    /** Per request, per model its outcome (the mean if the log has several answers of one model), else NaN. */
    private static double[][] outcomes(List<TrafficRecord> training, List<String> models) {
        Map<String, Integer> index = new HashMap<>();
        for (int m = 0; m < models.size(); m++) {
            index.put(models.get(m), m);
        }
        double[][] outcomes = new double[training.size()][models.size()];
        for (int d = 0; d < outcomes.length; d++) {
            double[] sums = new double[models.size()];
            int[] counts = new int[models.size()];
            for (LoggedResponse response : training.get(d).withOutcomes()) {
                int m = index.get(response.model());
                sums[m] += response.outcome();
                counts[m]++;
            }
            for (int m = 0; m < sums.length; m++) {
                outcomes[d][m] = counts[m] > 0 ? sums[m] / counts[m] : Double.NaN;
            }
        }
        return outcomes;
    }

    private static double[] overallMeans(double[][] outcomes, int models) {
        double[] sums = new double[models];
        int[] counts = new int[models];
        for (double[] row : outcomes) {
            for (int m = 0; m < models; m++) {
                if (!Double.isNaN(row[m])) {
                    sums[m] += row[m];
                    counts[m]++;
                }
            }
        }
        double[] means = new double[models];
        for (int m = 0; m < models; m++) {
            means[m] = sums[m] / counts[m];  // every listed model answered at least once
        }
        return means;
    }
}
