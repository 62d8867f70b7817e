package io.routewise.training.evidence;

import io.routewise.chat.ContentPart;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
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
 * An inverted index (term to the training prompts containing it, with the term's weight there)
 * means a query only adds up scores for the prompts it shares a term with. Immutable once fitted,
 * so safe to query from several threads.
 */
public final class TfidfNeighbours {

    /** The number of neighbours used when none is given. */
    public static final int DEFAULT_K = 50;

    private final int k;
    /** Term to its index in {@link #idf} and the posting arrays. */
    private final Map<String, Integer> terms;
    private final double[] idf;
    /** Per term: the training prompts containing it, in training order. */
    private final int[][] postingDocs;
    /** Per term: its weight in each of those prompts' normalised vectors. */
    private final float[][] postingWeights;
    /** The models with an outcome in training, sorted. */
    private final List<String> models;
    /** Per training request, per model: its outcome, NaN when that model did not answer. */
    private final double[][] outcomes;
    /** Per model: its mean outcome over all training requests it answered. */
    private final double[] overallMeans;

    private TfidfNeighbours(int k, Map<String, Integer> terms, double[] idf, int[][] postingDocs, float[][] postingWeights,
                            List<String> models, double[][] outcomes, double[] overallMeans) {
        this.k = k;
        this.terms = terms;
        this.idf = idf;
        this.postingDocs = postingDocs;
        this.postingWeights = postingWeights;
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
        int n = training.size();
        Map<String, Integer> terms = new HashMap<>();
        List<Integer> df = new ArrayList<>();
        List<Map<Integer, Integer>> counts = new ArrayList<>(n);
        for (TrafficRecord r : training) {
            Map<Integer, Integer> tf = new TreeMap<>();  // by term: equal bags of words get equal vectors
            for (String token : tokens(lastUserText(r.messages()))) {
                Integer id = terms.get(token);
                if (id == null) {
                    id = terms.size();
                    terms.put(token, id);
                    df.add(0);
                }
                if (tf.merge(id, 1, Integer::sum) == 1) {
                    df.set(id, df.get(id) + 1);
                }
            }
            counts.add(tf);
        }

        double[] idf = new double[terms.size()];
        int[][] postingDocs = new int[terms.size()][];
        float[][] postingWeights = new float[terms.size()][];
        for (int t = 0; t < idf.length; t++) {
            idf[t] = Math.log((1.0 + n) / (1.0 + df.get(t))) + 1;
            postingDocs[t] = new int[df.get(t)];
            postingWeights[t] = new float[df.get(t)];
        }
        int[] filled = new int[terms.size()];
        for (int d = 0; d < n; d++) {
            Map<Integer, Double> vector = new LinkedHashMap<>();
            counts.get(d).forEach((t, tf) -> vector.put(t, (1 + Math.log(tf)) * idf[t]));
            double norm = norm(vector.values());
            for (Map.Entry<Integer, Double> e : vector.entrySet()) {
                int t = e.getKey();
                postingDocs[t][filled[t]] = d;
                postingWeights[t][filled[t]] = (float) (e.getValue() / norm);
                filled[t]++;
            }
        }

        List<String> models = new ArrayList<>(modelsOf(training));
        double[][] outcomes = outcomes(training, models);
        return new TfidfNeighbours(k, Collections.unmodifiableMap(terms), idf, postingDocs, postingWeights,
                List.copyOf(models), outcomes, overallMeans(outcomes, models.size()));
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
        Map<Integer, Integer> tf = new TreeMap<>();  // a fixed term order: equal prompts get equal scores
        for (String token : tokens(lastUserText(messages))) {
            Integer t = terms.get(token);
            if (t != null) {
                tf.merge(t, 1, Integer::sum);
            }
        }
        if (tf.isEmpty()) {
            return List.of();
        }
        // float: half the memory traffic of double in this, the hot loop; cosines need no more precision
        float[] scores = new float[outcomes.length];
        for (Map.Entry<Integer, Integer> e : tf.entrySet()) {
            int t = e.getKey();
            float w = (float) ((1 + Math.log(e.getValue())) * idf[t]);  // the query's norm does not change the ranking
            int[] docs = postingDocs[t];
            float[] weights = postingWeights[t];
            for (int i = 0; i < docs.length; i++) {
                scores[docs[i]] += w * weights[i];
            }
        }
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

    /** Lowercased runs of Unicode letters and digits. */
    static List<String> tokens(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            boolean word = Character.isLetterOrDigit(cp);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                tokens.add(lower.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            tokens.add(lower.substring(start));
        }
        return tokens;
    }

    /**
     * The text of the last user turn, its text parts joined with a newline; "" when there is none.
     * The same rule as {@code io.routewise.features.PromptText#lastUser}, which is not public.
     */
    static String lastUserText(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message message = messages.get(i);
            if (message.role() == Role.USER) {
                StringBuilder text = new StringBuilder();
                for (ContentPart part : message.content()) {
                    if (part instanceof ContentPart.Text t && t.text() != null && !t.text().isEmpty()) {
                        text.append(text.length() > 0 ? "\n" : "").append(t.text());
                    }
                }
                return text.toString();
            }
        }
        return "";
    }

    private static double norm(Iterable<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum);
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
