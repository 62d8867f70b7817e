package io.routewise.policy;

import io.routewise.catalog.Catalog;
import io.routewise.catalog.Exclusion;
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
 * estimated input and expected output (the model's mean answer length when {@link AnswerLengths} knows it, else the
 * configured one; never above {@code max_tokens}), excluded when it lacks what the request needs (capabilities,
 * context, {@code max_tokens}), serves another latency pool, or a {@link CandidateFilter} says so.
 */
final class CatalogCandidates implements CandidateSource {

    private final List<Entry> entries;
    private final List<CandidateFilter> filters;
    private final int expectedOutputTokens;
    private final AnswerLengths answerLengths;

    private record Entry(ModelConfig model, CandidateQuality quality) {
    }

    CatalogCandidates(Catalog catalog, Map<String, CandidateQuality> qualities, List<CandidateFilter> filters,
                      int expectedOutputTokens, AnswerLengths answerLengths) {
        List<Entry> list = new ArrayList<>();
        for (ModelConfig m : catalog.enabled()) {
            list.add(new Entry(m, qualities.get(m.id())));
        }
        this.entries = List.copyOf(list);
        this.filters = List.copyOf(filters);
        this.expectedOutputTokens = expectedOutputTokens;
        this.answerLengths = answerLengths;
    }

    @Override
    public List<Candidate> forRequest(ChatRequest request, RoutingOptions options) {
        Requirements needs = Requirements.of(request);
        List<CandidateFilter.Screen> screens = new ArrayList<>(filters.size());
        for (CandidateFilter f : filters) {
            screens.add(f.forRequest(request));
        }
        List<Candidate> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            ModelConfig m = e.model;
            int output = expectedOutputTokens(request.maxTokens(), answerLengths.mean(m.id()).orElse(expectedOutputTokens));
            Exclusion excluded = unmetByModel(m, needs, options);
            Exclusion penalty = null;
            // The first hard exclusion wins; a soft one is kept only while nothing excludes the model.
            for (int i = 0; excluded == null && i < screens.size(); i++) {
                Exclusion why = screens.get(i).check(m);
                if (why == null) {
                    continue;
                }
                if (!why.soft()) {
                    excluded = why;
                    penalty = null;
                } else if (penalty == null) {
                    penalty = why;
                }
            }
            out.add(new Candidate(m.id(), m.provider(), e.quality, m.costUsd(needs.inputTokens(), 0, output), excluded,
                    penalty));
        }
        return out;
    }

    private static final String INTERACTIVE = "interactive";
    private static final String BATCH = "batch";

    /** Why {@code m} cannot serve the request for what it is (capabilities, context, key, pool), asking no filter; null when it can. */
    static Exclusion unmetByModel(ModelConfig m, Requirements needs, RoutingOptions options) {
        Exclusion why = needs.unmetBy(m);
        if (why != null) {
            return why;
        }
        if (!options.allowedModels().isEmpty() && !options.allowedModels().contains(m.id())) {
            return Exclusion.of(Exclusion.Cause.NOT_ALLOWED, "not allowed for this API key");
        }
        // A request is interactive unless it says batch. Batch traffic may use any model (it can
        // wait); interactive traffic must not land on a model kept for the batch pool.
        String pool = options.pool() == null ? INTERACTIVE : options.pool();
        if (m.pool() != null && !m.pool().equals(pool) && !pool.equals(BATCH)) {
            return Exclusion.of(Exclusion.Cause.POOL, "serves the " + m.pool() + " pool, the request is " + pool);
        }
        return null;
    }

    /**
     * The answer length a decision prices: the typical length (the model's mean from the ledger, else the
     * configured one), or the request's {@code max_tokens} when that is smaller (a cap is an upper bound, not
     * a forecast).
     */
    static int expectedOutputTokens(Integer maxTokens, int typical) {
        return maxTokens == null ? typical : Math.min(maxTokens, typical);
    }
}
