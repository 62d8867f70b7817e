package io.routewise.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks Jackson cannot make: required keys, ranges, and references between sections
 * (a model's provider, fallbacks, hot standbys, budget targets). Collects every problem rather than
 * stopping at the first, so one run of {@code routewise config check} shows them all.
 */
final class ConfigValidator {

    static final Set<String> POOLS = Set.of("interactive", "batch");
    static final Set<String> BUDGET_SCOPES = Set.of("provider", "model", "key");
    static final Set<String> BUDGET_PERIODS = Set.of("day", "month");
    static final Set<String> OUTAGE_FAILURES = Set.of("error", "timeout", "reset");
    /** A million entries is a few hundred MB of scores: more is a typo, not a plan. */
    static final int MAX_SCORE_CACHE_ENTRIES = 1_000_000;
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Headers that carry credentials; those belong in api_key_env, never in the file. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "x-goog-api-key",
            "api-key", "proxy-authorization");

    private final List<ConfigProblem> problems = new ArrayList<>();

    private ConfigValidator() {
    }

    /** Every problem in the config, in the order of the sections checked (the caller sorts by line). */
    static List<ConfigProblem> validate(RoutewiseConfig config) {
        ConfigValidator validator = new ConfigValidator();
        validator.checkServer(config.server());
        Set<String> providers = validator.checkProviders(config.providers());
        Set<String> models = validator.checkModels(config.models(), providers);
        validator.checkRouting(config.routing(), models);
        validator.checkBudgets(config.budgets(), providers, models);
        validator.checkLedger(config.ledger());
        validator.checkEvaluation(config.evaluation(), models);
        validator.checkAuth(config.auth());
        return List.copyOf(validator.problems);
    }

    private void checkServer(ServerConfig server) {
        if (server.host().isBlank()) {
            problem("server.host", "must not be empty (use 0.0.0.0 for every interface)");
        }
        if (server.port() < 1 || server.port() > 65535) {
            problem("server.port", "must be between 1 and 65535 (got " + server.port() + ")");
        }
        if (server.maxBodyBytes() <= 0) {
            problem("server.max_body_bytes", "must be > 0 (got " + server.maxBodyBytes() + ")");
        }
        if (server.scoreCacheEntries() < 0 || server.scoreCacheEntries() > MAX_SCORE_CACHE_ENTRIES) {
            problem("server.score_cache_entries", "must be between 0 (off) and " + MAX_SCORE_CACHE_ENTRIES + " (got "
                    + server.scoreCacheEntries() + ")");
        }
        for (int i = 0; i < server.corsOrigins().size(); i++) {
            String origin = server.corsOrigins().get(i);
            if (origin == null || !origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
                problem("server.cors_origins[" + i + "]", "must be an origin such as https://app.example.com (scheme, host, "
                        + "optional port; no path, no '*')");
            }
        }
    }

    private void checkAuth(AuthConfig auth) {
        if (!auth.adminKeyEnv().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problem("auth.admin_key_env", "must be the name of an environment variable (letters, digits, '_')");
        }
        if (auth.adminKeyFile() != null && !auth.adminKeyFile().isBlank()
                && !java.nio.file.Files.isReadable(java.nio.file.Path.of(auth.adminKeyFile()))) {
            problem("auth.admin_key_file", "cannot read " + auth.adminKeyFile());
        }
    }

    private Set<String> checkProviders(List<ProviderConfig> providers) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < providers.size(); i++) {
            ProviderConfig p = providers.get(i);
            String at = "providers[" + i + "]";
            if (isBlank(p.name())) {
                problem(at + ".name", "is required");
            } else if (!names.add(p.name())) {
                problem(at + ".name", "duplicate provider name '" + p.name() + "'");
            }
            if (p.kind() == null) {
                problem(at + ".kind", "is required (one of openai, anthropic, gemini, simulator)");
            } else if (p.kind() != ProviderKind.SIMULATOR && isBlank(p.baseUrl())) {
                problem(at + ".base_url", "is required for kind " + p.kind().configName()
                        + " (e.g. https://api.openai.com/v1)");
            }
            if (!isBlank(p.baseUrl()) && !isHttpUrl(p.baseUrl())) {
                problem(at + ".base_url", "must be an http:// or https:// URL (got '" + p.baseUrl() + "')");
            }
            if (p.apiKeyEnv() != null && !ENV_VAR.matcher(p.apiKeyEnv()).matches()) {
                // Never echo the value: a key pasted here by mistake must not end up in logs.
                problem(at + ".api_key_env", "must be the NAME of an environment variable (letters, digits, _), "
                        + "e.g. OPENAI_API_KEY; never put the key itself in the config");
            }
            if (p.apiKeyFile() != null && p.apiKeyFile().isBlank()) {
                problem(at + ".api_key_file", "must not be empty");
            }
            if (p.connectTimeoutMs() <= 0) {
                problem(at + ".connect_timeout_ms", "must be > 0 (got " + p.connectTimeoutMs() + ")");
            }
            if (p.timeoutMs() <= 0) {
                problem(at + ".timeout_ms", "must be > 0 (got " + p.timeoutMs() + ")");
            }
            if (p.maxConcurrency() != null && p.maxConcurrency() <= 0) {
                problem(at + ".max_concurrency", "must be > 0 (got " + p.maxConcurrency() + "); leave it out for no limit");
            }
            if (p.requestsPerMinute() != null && p.requestsPerMinute() <= 0) {
                problem(at + ".requests_per_minute", "must be > 0 (got " + p.requestsPerMinute()
                        + "); leave it out for no limit");
            }
            if (p.tokensPerMinute() != null && p.tokensPerMinute() <= 0) {
                problem(at + ".tokens_per_minute", "must be > 0 (got " + p.tokensPerMinute()
                        + "); leave it out for no limit");
            }
            checkRetry(at + ".retry", p.retry());
            checkTimeouts(at, p);
            if (p.breaker() != null) {
                checkBreaker(at + ".breaker", p.breaker());
            }
            for (String header : p.headers().keySet()) {
                if (SECRET_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                    problem(at + ".headers." + header, "credentials do not belong in the config; "
                            + "put the key in an environment variable and name it in api_key_env");
                }
            }
        }
        return names;
    }

    private Set<String> checkModels(List<ModelConfig> models, Set<String> providers) {
        if (models.isEmpty()) {
            problem("models", "at least one model is required");
        }
        Set<String> ids = new HashSet<>();
        for (ModelConfig m : models) {
            if (!isBlank(m.id())) {
                ids.add(m.id());
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            ModelConfig m = models.get(i);
            String at = "models[" + i + "]";
            if (isBlank(m.id())) {
                problem(at + ".id", "is required");
            } else if (!seen.add(m.id())) {
                problem(at + ".id", "duplicate model id '" + m.id() + "'");
            }
            if (isBlank(m.provider())) {
                problem(at + ".provider", "is required");
            } else if (!providers.contains(m.provider())) {
                problem(at + ".provider", "no provider named '" + m.provider() + "' (defined: "
                        + String.join(", ", sortedOrNone(providers)) + ")");
            }
            if (m.upstreamModel() != null && m.upstreamModel().isBlank()) {
                problem(at + ".upstream_model", "must not be empty (leave it out to use the id)");
            }
            requiredPrice(at + ".input_usd_per_1m", m.inputUsdPer1m());
            requiredPrice(at + ".output_usd_per_1m", m.outputUsdPer1m());
            if (m.cachedInputUsdPer1m() != null) {
                nonNegative(at + ".cached_input_usd_per_1m", m.cachedInputUsdPer1m());
            }
            checkLimits(at, m);
            if (m.tier() < 1) {
                problem(at + ".tier", "must be >= 1 (got " + m.tier() + ")");
            }
            if (m.pool() != null && !POOLS.contains(m.pool())) {
                problem(at + ".pool", "must be interactive or batch (got '" + m.pool() + "'); leave it out for both");
            }
            for (int f = 0; f < m.fallbacks().size(); f++) {
                String fallback = m.fallbacks().get(f);
                String fat = at + ".fallbacks[" + f + "]";
                if (fallback.equals(m.id())) {
                    problem(fat, "a model cannot be its own fallback");
                } else if (!ids.contains(fallback)) {
                    problem(fat, "no model with id '" + fallback + "'");
                } else if (m.fallbacks().subList(0, f).contains(fallback)) {
                    problem(fat, "'" + fallback + "' is listed twice");
                }
            }
            checkSimulation(at + ".simulate", m.simulate());
        }
        return ids;
    }

    private void checkLimits(String at, ModelConfig m) {
        if (m.contextWindow() == null) {
            problem(at + ".context_window", "is required (the most prompt tokens the model accepts)");
        } else if (m.contextWindow() <= 0) {
            problem(at + ".context_window", "must be > 0 (got " + m.contextWindow() + ")");
        }
        if (m.maxOutputTokens() == null) {
            problem(at + ".max_output_tokens", "is required (the most completion tokens per request)");
        } else if (m.maxOutputTokens() <= 0) {
            problem(at + ".max_output_tokens", "must be > 0 (got " + m.maxOutputTokens() + ")");
        } else if (m.contextWindow() != null && m.contextWindow() > 0 && m.maxOutputTokens() > m.contextWindow()) {
            problem(at + ".max_output_tokens", "must be <= context_window (" + m.contextWindow() + "), got "
                    + m.maxOutputTokens());
        }
    }

    private void checkSimulation(String at, SimulationProfile s) {
        unitInterval(at + ".quality", s.quality());
        if (s.ttftMs() < 0) {
            problem(at + ".ttft_ms", "must be >= 0 (got " + s.ttftMs() + ")");
        }
        if (s.jitter() < 0) {
            problem(at + ".jitter", "must be >= 0 (got " + s.jitter() + ")");
        }
        unitInterval(at + ".error_rate", s.errorRate());
        unitInterval(at + ".rate_limit_rate", s.rateLimitRate());
        unitInterval(at + ".timeout_rate", s.timeoutRate());
        unitInterval(at + ".reset_rate", s.resetRate());
        unitInterval(at + ".stream_cut_rate", s.streamCutRate());
        if (s.retryAfterS() < 0) {
            problem(at + ".retry_after_s", "must be >= 0 (got " + s.retryAfterS() + ")");
        }
        for (int i = 0; i < s.outages().size(); i++) {
            SimulationProfile.Outage o = s.outages().get(i);
            String oat = at + ".outages[" + i + "]";
            if (o.afterS() < 0) {
                problem(oat + ".after_s", "must be >= 0 (got " + o.afterS() + ")");
            }
            if (o.durationS() <= 0) {
                problem(oat + ".duration_s", "must be > 0 (got " + o.durationS() + ")");
            }
            if (!OUTAGE_FAILURES.contains(o.failure())) {
                problem(oat + ".failure", "must be error, timeout or reset (got '" + o.failure() + "')");
            }
        }
    }

    private void checkRetry(String at, RetryConfig retry) {
        if (retry.maxAttempts() < 1) {
            problem(at + ".max_attempts", "must be >= 1 (got " + retry.maxAttempts() + "); 1 means no retry");
        }
        if (retry.baseDelayMs() < 0) {
            problem(at + ".base_delay_ms", "must be >= 0 (got " + retry.baseDelayMs() + ")");
        }
        if (retry.maxDelayMs() < retry.baseDelayMs()) {
            problem(at + ".max_delay_ms", "must be >= base_delay_ms (" + retry.baseDelayMs() + "), got "
                    + retry.maxDelayMs());
        }
    }

    private void checkTimeouts(String at, ProviderConfig p) {
        if (p.attemptTimeoutMs() <= 0) {
            problem(at + ".attempt_timeout_ms", "must be > 0 (got " + p.attemptTimeoutMs() + ")");
        }
        if (p.ttftTimeoutMs() <= 0) {
            problem(at + ".ttft_timeout_ms", "must be > 0 (got " + p.ttftTimeoutMs() + ")");
        } else if (p.attemptTimeoutMs() > 0 && p.ttftTimeoutMs() > p.attemptTimeoutMs()) {
            problem(at + ".ttft_timeout_ms", "must be <= the attempt timeout (" + p.attemptTimeoutMs()
                    + " ms, from attempt_timeout_ms or timeout_ms), got " + p.ttftTimeoutMs());
        }
        if (p.totalTimeoutMs() <= 0) {
            problem(at + ".total_timeout_ms", "must be > 0 (got " + p.totalTimeoutMs() + ")");
        }
    }

    private void checkBreaker(String at, BreakerConfig b) {
        if (b.consecutiveFailures() != null && b.consecutiveFailures() < 1) {
            problem(at + ".consecutive_failures", "must be >= 1 (got " + b.consecutiveFailures() + ")");
        }
        if (b.failureRate() != null && !(b.failureRate() > 0 && b.failureRate() <= 1)) {
            problem(at + ".failure_rate", "must be in (0, 1], a share of calls such as 0.05 (got " + b.failureRate() + ")");
        }
        if (b.windowS() != null && b.windowS() < 1) {
            problem(at + ".window_s", "must be >= 1 (got " + b.windowS() + ")");
        }
        if (b.minCalls() != null && b.minCalls() < 1) {
            problem(at + ".min_calls", "must be >= 1 (got " + b.minCalls() + ")");
        }
        if (b.openS() != null && b.openS() < 1) {
            problem(at + ".open_s", "must be >= 1 (got " + b.openS() + ")");
        }
        if (b.halfOpenCalls() != null && b.halfOpenCalls() < 1) {
            problem(at + ".half_open_calls", "must be >= 1 (got " + b.halfOpenCalls() + ")");
        }
    }

    private void checkResilience(RoutingConfig routing) {
        for (Map.Entry<String, PoolConfig> pool : routing.pools().entrySet()) {
            String at = "routing.pools." + pool.getKey();
            if (!POOLS.contains(pool.getKey())) {
                problem(at, "unknown pool (expected interactive or batch)");
            } else if (pool.getValue().ttftBudgetMs() != null && pool.getValue().ttftBudgetMs() <= 0) {
                problem(at + ".ttft_budget_ms", "must be > 0 (got " + pool.getValue().ttftBudgetMs()
                        + "); leave it out for no budget");
            }
        }
        checkBreaker("routing.breaker", routing.breaker());
        HealthCheckConfig h = routing.health();
        if (h.intervalS() < 1) {
            problem("routing.health.interval_s", "must be >= 1 (got " + h.intervalS() + ")");
        }
        if (h.jitterS() < 0 || h.jitterS() >= Math.max(1, h.intervalS())) {
            problem("routing.health.jitter_s", "must be >= 0 and < interval_s (" + h.intervalS() + "), got " + h.jitterS());
        }
        if (h.unhealthyAfter() < 1) {
            problem("routing.health.unhealthy_after", "must be >= 1 (got " + h.unhealthyAfter() + ")");
        }
        for (int i = 0; i < h.ramp().size(); i++) {
            double share = h.ramp().get(i);
            if (!(share > 0 && share < 1)) {
                problem("routing.health.ramp[" + i + "]", "must be in (0, 1), a share of traffic (got " + share
                        + "); full traffic follows the last step");
            } else if (i > 0 && share <= h.ramp().get(i - 1)) {
                problem("routing.health.ramp[" + i + "]", "must be larger than the step before (" + h.ramp().get(i - 1) + ")");
            }
        }
        if (h.rampStepS() < 1) {
            problem("routing.health.ramp_step_s", "must be >= 1 (got " + h.rampStepS() + ")");
        }
        LatencyConfig l = routing.latency();
        if (l.windowS() < 1) {
            problem("routing.latency.window_s", "must be >= 1 (got " + l.windowS() + ")");
        }
        if (l.minSamples() < 1) {
            problem("routing.latency.min_samples", "must be >= 1 (got " + l.minSamples() + ")");
        }
        if (!(l.ewmaAlpha() > 0 && l.ewmaAlpha() <= 1)) {
            problem("routing.latency.ewma_alpha", "must be in (0, 1] (got " + l.ewmaAlpha() + ")");
        }
        RateLimitBackoffConfig r = routing.rateLimitBackoff();
        if (!(r.decreaseFactor() > 0 && r.decreaseFactor() < 1)) {
            problem("routing.rate_limit_backoff.decrease_factor", "must be in (0, 1), e.g. 0.5 to halve (got "
                    + r.decreaseFactor() + ")");
        }
        if (!(r.recoveryPerMinute() > 0 && r.recoveryPerMinute() <= 1)) {
            problem("routing.rate_limit_backoff.recovery_per_minute", "must be in (0, 1] (got " + r.recoveryPerMinute() + ")");
        }
        if (r.holdS() < 0) {
            problem("routing.rate_limit_backoff.hold_s", "must be >= 0 (got " + r.holdS() + ")");
        }
    }

    private void checkRouting(RoutingConfig routing, Set<String> models) {
        if (routing.qualityTarget() != null) {
            unitInterval("routing.quality_target", routing.qualityTarget());
        }
        if (routing.qualityMargin() != null) {
            unitInterval("routing.quality_margin", routing.qualityMargin());
        }
        if (routing.usdPerQualityPoint() != null && !(routing.usdPerQualityPoint() > 0
                && Double.isFinite(routing.usdPerQualityPoint()))) {
            problem("routing.usd_per_quality_point", "must be a positive number (got " + routing.usdPerQualityPoint() + ")");
        }
        if (routing.expectedOutputTokens() < 1) {
            problem("routing.expected_output_tokens", "must be >= 1 (got " + routing.expectedOutputTokens() + ")");
        }
        checkResilience(routing);
        for (int i = 0; i < routing.hotStandby().size(); i++) {
            String id = routing.hotStandby().get(i);
            if (!models.contains(id)) {
                problem("routing.hot_standby[" + i + "]", "no model with id '" + id + "'");
            }
        }
        checkRules(routing.rules(), models);
    }

    private static final Pattern HOURS = Pattern.compile("([01][0-9]|2[0-3])-([01][0-9]|2[0-4])");
    private static final Set<String> COMPLEXITIES = Set.of("easy", "medium", "hard");

    private void checkRules(List<RoutingRule> rules, Set<String> models) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = "routing.rules[" + i + "]";
            RoutingRule rule = rules.get(i);
            if (isBlank(rule.name())) {
                problem(at + ".name", "is required (decisions name the rule that fired)");
            } else if (!names.add(rule.name())) {
                problem(at + ".name", "another rule is named '" + rule.name() + "'");
            }
            RoutingRule.Then then = rule.then();
            if (then == null || !then.acts()) {
                problem(at + ".then", "is required: a model, models, tiers or a knob (quality_target, quality_margin, "
                        + "usd_per_quality_point, max_cost_usd)");
            } else {
                if (then.model() != null && !then.models().isEmpty()) {
                    problem(at + ".then.model", "give model or models, not both");
                }
                if (then.model() != null && !models.contains(then.model())) {
                    problem(at + ".then.model", "no model with id '" + then.model() + "'");
                }
                for (int m = 0; m < then.models().size(); m++) {
                    if (!models.contains(then.models().get(m))) {
                        problem(at + ".then.models[" + m + "]", "no model with id '" + then.models().get(m) + "'");
                    }
                }
                for (int t = 0; t < then.tiers().size(); t++) {
                    int tier = then.tiers().get(t);
                    if (tier < 1 || tier > 3) {
                        problem(at + ".then.tiers[" + t + "]", "must be 1, 2 or 3 (got " + tier + ")");
                    }
                }
                if (then.qualityTarget() != null) {
                    unitInterval(at + ".then.quality_target", then.qualityTarget());
                }
                if (then.qualityMargin() != null) {
                    unitInterval(at + ".then.quality_margin", then.qualityMargin());
                }
                if (then.usdPerQualityPoint() != null && !(then.usdPerQualityPoint() > 0)) {
                    problem(at + ".then.usd_per_quality_point", "must be a positive number (got " + then.usdPerQualityPoint() + ")");
                }
                if (then.maxCostUsd() != null && !(then.maxCostUsd() > 0)) {
                    problem(at + ".then.max_cost_usd", "must be a positive number (got " + then.maxCostUsd() + ")");
                }
            }
            RoutingRule.When when = rule.when();
            if (when == null) {
                continue;
            }
            for (int p = 0; p < when.pools().size(); p++) {
                if (!POOLS.contains(when.pools().get(p))) {
                    problem(at + ".when.pools[" + p + "]", "unknown pool '" + when.pools().get(p) + "' (expected interactive or batch)");
                }
            }
            for (int c = 0; c < when.complexities().size(); c++) {
                if (!COMPLEXITIES.contains(when.complexities().get(c))) {
                    problem(at + ".when.complexities[" + c + "]", "unknown complexity '" + when.complexities().get(c)
                            + "' (expected easy, medium or hard)");
                }
            }
            if (when.minPromptTokens() != null && when.minPromptTokens() < 0) {
                problem(at + ".when.min_prompt_tokens", "must be >= 0 (got " + when.minPromptTokens() + ")");
            }
            if (when.minPromptTokens() != null && when.maxPromptTokens() != null
                    && when.maxPromptTokens() < when.minPromptTokens()) {
                problem(at + ".when.max_prompt_tokens", "must be >= min_prompt_tokens (" + when.minPromptTokens() + ")");
            }
            if (when.hoursUtc() != null && !HOURS.matcher(when.hoursUtc()).matches()) {
                problem(at + ".when.hours_utc", "expected HH-HH in UTC, e.g. \"09-17\" (got \"" + when.hoursUtc() + "\")");
            }
        }
    }

    private void checkBudgets(List<BudgetConfig> budgets, Set<String> providers, Set<String> models) {
        for (int i = 0; i < budgets.size(); i++) {
            BudgetConfig b = budgets.get(i);
            String at = "budgets[" + i + "]";
            if (isBlank(b.scope())) {
                problem(at + ".scope", "is required (provider, model or key)");
            } else if (!BUDGET_SCOPES.contains(b.scope())) {
                problem(at + ".scope", "must be provider, model or key (got '" + b.scope() + "')");
            }
            if (isBlank(b.name())) {
                problem(at + ".name", "is required (the provider, model or key the cap applies to)");
            } else if ("provider".equals(b.scope()) && !providers.contains(b.name())) {
                problem(at + ".name", "no provider named '" + b.name() + "'");
            } else if ("model".equals(b.scope()) && !models.contains(b.name())) {
                problem(at + ".name", "no model with id '" + b.name() + "'");
            }
            if (isBlank(b.period())) {
                problem(at + ".period", "is required (day or month)");
            } else if (!BUDGET_PERIODS.contains(b.period())) {
                problem(at + ".period", "must be day or month (got '" + b.period() + "')");
            }
            if (b.usd() == null) {
                problem(at + ".usd", "is required (the cap in US dollars)");
            } else if (!(b.usd() > 0) || b.usd().isInfinite()) {
                problem(at + ".usd", "must be > 0 (got " + b.usd() + ")");
            }
            if (!(b.softThreshold() > 0 && b.softThreshold() <= 1)) {
                problem(at + ".soft_threshold", "must be in (0, 1] (got " + b.softThreshold() + ")");
            }
        }
    }

    private void checkLedger(LedgerConfig ledger) {
        if (!ledger.url().startsWith("jdbc:sqlite:") && !ledger.url().startsWith("jdbc:postgresql:")) {
            problem("ledger.url", "must start with jdbc:sqlite: or jdbc:postgresql: (got '" + ledger.url() + "')");
        } else if (ledger.url().startsWith("jdbc:sqlite:") && ledger.url().contains(":memory:")) {
            problem("ledger.url", "an in-memory SQLite ledger loses everything on exit; name a file, e.g. "
                    + LedgerConfig.DEFAULT_URL);
        }
        if (ledger.queueCapacity() <= 0) {
            problem("ledger.queue_capacity", "must be > 0 (got " + ledger.queueCapacity() + ")");
        }
        if (ledger.flushIntervalMs() <= 0) {
            problem("ledger.flush_interval_ms", "must be > 0 (got " + ledger.flushIntervalMs() + ")");
        }
        if (ledger.batchSize() <= 0) {
            problem("ledger.batch_size", "must be > 0 (got " + ledger.batchSize() + ")");
        }
        if (!LedgerConfig.RESERVE_TYPICAL.equals(ledger.budgetReservation())
                && !LedgerConfig.RESERVE_LIMIT.equals(ledger.budgetReservation())) {
            problem("ledger.budget_reservation", "must be typical or limit (got '" + ledger.budgetReservation() + "')");
        }
        if (ledger.budgetMaxWaitMs() < 0 || ledger.budgetMaxWaitMs() > 60_000) {
            problem("ledger.budget_max_wait_ms", "must be from 0 to 60000 (got " + ledger.budgetMaxWaitMs() + ")");
        }
        for (int i = 0; i < ledger.redactPrompts().size(); i++) {
            String regex = ledger.redactPrompts().get(i);
            String at = "ledger.redact_prompts[" + i + "]";
            if (isBlank(regex)) {
                problem(at, "must not be empty");
                continue;
            }
            try {
                Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                problem(at, "is not a valid regular expression (" + e.getDescription() + " near index "
                        + e.getIndex() + ")");
            }
        }
    }

    private void checkEvaluation(EvaluationConfig evaluation, Set<String> models) {
        if (evaluation.scheduled()) {
            try {
                EvalSchedule.parse(evaluation.schedule());
            } catch (IllegalArgumentException e) {
                problem("evaluation.schedule", e.getMessage());
            }
        }
        for (int i = 0; i < evaluation.sets().size(); i++) {
            if (evaluation.sets().get(i).isBlank()) {
                problem("evaluation.sets[" + i + "]", "must not be empty");
            }
        }
        for (int i = 0; i < evaluation.models().size(); i++) {
            if (!models.contains(evaluation.models().get(i))) {
                problem("evaluation.models[" + i + "]", "unknown model '" + evaluation.models().get(i) + "'");
            }
        }
        nonNegative("evaluation.budget_usd", evaluation.budgetUsd());
        if (evaluation.concurrency() < 1) {
            problem("evaluation.concurrency", "must be >= 1 (got " + evaluation.concurrency() + ")");
        }
        if (evaluation.maxOutputTokens() < 1) {
            problem("evaluation.max_output_tokens", "must be >= 1 (got " + evaluation.maxOutputTokens() + ")");
        }
        if (evaluation.reloadIntervalS() < 1) {
            problem("evaluation.reload_interval_s", "must be >= 1 (got " + evaluation.reloadIntervalS() + ")");
        }
        if (evaluation.weightsDir().isBlank()) {
            problem("evaluation.weights_dir", "must not be empty");
        }
        if (evaluation.reportDir().isBlank()) {
            problem("evaluation.report_dir", "must not be empty");
        }
        DriftConfig d = evaluation.drift();
        if (!(d.alpha() > 0 && d.alpha() < 1)) {
            problem("evaluation.drift.alpha", "must be in (0, 1) (got " + d.alpha() + ")");
        }
        unitInterval("evaluation.drift.margin", d.margin());
        unitInterval("evaluation.drift.error_margin", d.errorMargin());
        nonNegative("evaluation.drift.latency_margin", d.latencyMargin());
        nonNegative("evaluation.drift.latency_floor_ms", d.latencyFloorMs());
        if (d.minSamples() < 1) {
            problem("evaluation.drift.min_samples", "must be >= 1 (got " + d.minSamples() + ")");
        }
        RecalibrationConfig r = evaluation.recalibration();
        if (!(r.priorStrength() > 0) || Double.isInfinite(r.priorStrength())) {
            problem("evaluation.recalibration.prior_strength", "must be > 0 (got " + r.priorStrength() + ")");
        }
        if (!(r.decay() > 0 && r.decay() <= 1)) {
            problem("evaluation.recalibration.decay", "must be in (0, 1] (got " + r.decay() + ")");
        }
        if (r.windowRuns() < 1) {
            problem("evaluation.recalibration.window_runs", "must be >= 1 (got " + r.windowRuns() + ")");
        }
    }

    private void requiredPrice(String path, Double usd) {
        if (usd == null) {
            problem(path, "is required (USD per million tokens; 0 for free)");
        } else {
            nonNegative(path, usd);
        }
    }

    private void nonNegative(String path, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            problem(path, "must be >= 0 (got " + value + ")");
        }
    }

    private void unitInterval(String path, double value) {
        if (!(value >= 0 && value <= 1)) {
            problem(path, "must be between 0 and 1 (got " + value + ")");
        }
    }

    private void problem(String path, String message) {
        problems.add(ConfigProblem.at(path, message));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme();
            return ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static List<String> sortedOrNone(Set<String> names) {
        return names.isEmpty() ? List.of("none") : names.stream().sorted().toList();
    }
}
