package io.routewise.policy;

import io.routewise.catalog.Catalog;
import io.routewise.catalog.Requirements;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.RoutingOptions;
import io.routewise.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Candidates from the catalog: every enabled model, with its quality ({@link CandidateQualities}: its
 * per-prompt prediction, or its routing-weight row; built once per engine), priced at list price for this request's
 * estimated input and expected output, excluded when it lacks what the request needs (capabilities,
 * context, {@code max_tokens}), serves another latency pool, or a {@link CandidateFilter} says so.
 */
final class CatalogCandidates implements CandidateSource {

    private final List<Entry> entries;
    private final List<CandidateFilter> filters;
    private final int expectedOutputTokens;

    private record Entry(ModelConfig model, CandidateQuality quality) {
    }

    CatalogCandidates(Catalog catalog, Map<String, CandidateQuality> qualities, List<CandidateFilter> filters,
                      int expectedOutputTokens) {
        List<Entry> list = new ArrayList<>();
        for (ModelConfig m : catalog.enabled()) {
            list.add(new Entry(m, qualities.get(m.id())));
        }
        this.entries = List.copyOf(list);
        this.filters = List.copyOf(filters);
        this.expectedOutputTokens = expectedOutputTokens;
    }

    @Override
    public List<Candidate> forRequest(ChatRequest request, RoutingOptions options) {
        Requirements needs = Requirements.of(request);
        int output = expectedOutputTokens(request.maxTokens(), expectedOutputTokens);
        List<Candidate> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            ModelConfig m = e.model;
            String why = unmet(m, needs, request, options);
            String soft = null;
            for (int i = 0; why == null && soft == null && i < filters.size(); i++) {
                soft = filters.get(i).softReason(m, request);
            }
            out.add(new Candidate(m.id(), m.provider(), e.quality, m.costUsd(needs.inputTokens(), 0, output), why, soft));
        }
        return out;
    }

    private static final String INTERACTIVE = "interactive";
    private static final String BATCH = "batch";

    /** Why {@code m} cannot serve the request, or null when it can. */
    String unmet(ModelConfig m, Requirements needs, ChatRequest request, RoutingOptions options) {
        String why = unmetByModel(m, needs, options);
        for (int i = 0; why == null && i < filters.size(); i++) {
            why = filters.get(i).exclusionReason(m, request);
        }
        return why;
    }

    /** As {@link #unmet}, on what the model is (capabilities, context, pool) only, asking no filter. */
    static String unmetByModel(ModelConfig m, Requirements needs, RoutingOptions options) {
        String why = needs.unmetBy(m);
        if (why == null && !options.allowedModels().isEmpty() && !options.allowedModels().contains(m.id())) {
            return "not allowed for this API key";
        }
        // A request is interactive unless it says batch. Batch traffic may use any model (it can
        // wait); interactive traffic must not land on a model kept for the batch pool.
        String pool = options.pool() == null ? INTERACTIVE : options.pool();
        if (why == null && m.pool() != null && !m.pool().equals(pool) && !pool.equals(BATCH)) {
            why = "serves the " + m.pool() + " pool, the request is " + pool;
        }
        return why;
    }

    /**
     * The answer length a decision prices: the configured typical length, or the request's
     * {@code max_tokens} when that is smaller (a cap is an upper bound, not a forecast).
     */
    static int expectedOutputTokens(Integer maxTokens, int typical) {
        return maxTokens == null ? typical : Math.min(maxTokens, typical);
    }
}
