package io.routewise.training.evidence;

import io.routewise.chat.Message;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a (request, model) pair costs, for the evidence.
 *
 * <p><b>Realised cost</b> (what the evidence charges for a choice): the logged {@code cost_usd}
 * when the log has one; otherwise an estimate, {@code input tokens × input price + output tokens
 * × output price} from the {@link PriceTable}, where input tokens = the logged
 * {@code input_tokens}, else the prompt's characters / {@value #CHARS_PER_TOKEN}, and output
 * tokens = the logged {@code output_tokens}, else that model's mean logged output tokens on the
 * same data set's training part, else {@value #DEFAULT_OUTPUT_TOKENS}.
 *
 * <p><b>Predicted cost</b> (what the policy sees before the call, so it never uses the answer's
 * length): the same formula with the output tokens always taken from the training mean (or the
 * default); for a model with no price, its mean logged cost on the training part.
 */
public final class CostModel {

    /** Characters per token for prompts whose token count was not logged (English prose and code average about 4). */
    public static final double CHARS_PER_TOKEN = 4.0;
    /** Output tokens assumed when neither the response nor the training part logged any for that model. */
    public static final double DEFAULT_OUTPUT_TOKENS = 200;

    private final PriceTable prices;
    private final Map<String, Double> meanOutputTokens;  // source \t model -> mean
    private final Map<String, Double> meanLoggedCost;    // model -> mean

    /** One cost and whether it was logged or estimated. */
    public record Cost(double usd, boolean logged) {
    }

    private CostModel(PriceTable prices, Map<String, Double> meanOutputTokens, Map<String, Double> meanLoggedCost) {
        this.prices = prices;
        this.meanOutputTokens = meanOutputTokens;
        this.meanLoggedCost = meanLoggedCost;
    }

    /** Learns the output-token means and logged-cost means from the training part. */
    public static CostModel fit(PriceTable prices, List<TrafficRecord> training) {
        Map<String, double[]> tokens = new HashMap<>();
        Map<String, double[]> costs = new HashMap<>();
        for (TrafficRecord r : training) {
            for (LoggedResponse resp : r.responses()) {
                if (resp.outputTokens() != null) {
                    double[] t = tokens.computeIfAbsent(key(r.source(), resp.model()), k -> new double[2]);
                    t[0] += resp.outputTokens();
                    t[1]++;
                }
                if (resp.costUsd() != null) {
                    double[] c = costs.computeIfAbsent(resp.model(), k -> new double[2]);
                    c[0] += resp.costUsd();
                    c[1]++;
                }
            }
        }
        Map<String, Double> meanTokens = new HashMap<>();
        tokens.forEach((k, v) -> meanTokens.put(k, v[0] / v[1]));
        Map<String, Double> meanCost = new HashMap<>();
        costs.forEach((k, v) -> meanCost.put(k, v[0] / v[1]));
        return new CostModel(prices, meanTokens, meanCost);
    }

    /** The realised cost of this response, or null when it has no logged cost and its model no price. */
    public Cost realised(TrafficRecord request, LoggedResponse response) {
        if (response.costUsd() != null) {
            return new Cost(response.costUsd(), true);
        }
        return prices.price(response.model())
                .map(p -> new Cost(p.cost(inputTokens(request, response), response.outputTokens() != null
                        ? response.outputTokens() : expectedOutputTokens(request.source(), response.model())), false))
                .orElse(null);
    }

    /** The cost the policy expects before calling this model, or null when it has neither a price nor logged costs. */
    public Double predicted(TrafficRecord request, LoggedResponse response) {
        var price = prices.price(response.model());
        if (price.isPresent()) {
            return price.get().cost(inputTokens(request, response), expectedOutputTokens(request.source(), response.model()));
        }
        return meanLoggedCost.get(response.model());
    }

    /** The output tokens assumed for this model on this data set when none were logged. */
    public double expectedOutputTokens(String source, String model) {
        return meanOutputTokens.getOrDefault(key(source, model), DEFAULT_OUTPUT_TOKENS);
    }

    /** The logged input tokens, else the prompt's characters / {@value #CHARS_PER_TOKEN}. */
    static double inputTokens(TrafficRecord request, LoggedResponse response) {
        if (response.inputTokens() != null) {
            return response.inputTokens();
        }
        long chars = 0;
        for (Message m : request.messages()) {
            chars += m.text().length();
        }
        return chars / CHARS_PER_TOKEN;
    }

    private static String key(String source, String model) {
        return Objects.toString(source, "") + "\t" + model;
    }
}
