#!/usr/bin/env python3
"""Writes the shipped routewise.yaml: the hand-chosen model list below, with prices, limits and
capabilities taken from LiteLLM's public price table (model_prices_and_context_window.json, MIT).

Usage: scripts/catalog-from-litellm.py [PRICES_JSON] > routewise.yaml
       (PRICES_JSON defaults to ../shared/data/catalog/litellm-model-prices.json)

Facts come from the table; judgement lives here: which models ship, their tier (1 small/cheap,
2 mid, 3 frontier), latency pool, and the simulator profile used when no provider keys are set.
Fallbacks are derived by a rule (see fallbacks_for) so they stay consistent when the list changes.
Standard library only.
"""
import json
import sys

PROVIDERS = [
    # name, kind, base_url, api_key_env, timeout_ms
    ("openai", "openai", "https://api.openai.com/v1", "OPENAI_API_KEY", 60000),
    # The Anthropic adapter appends /v1/messages itself.
    ("anthropic", "anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY", 60000),
    ("google", "gemini", "https://generativelanguage.googleapis.com", "GEMINI_API_KEY", 60000),
    ("deepseek", "openai", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", 180000),
    ("mistral", "openai", "https://api.mistral.ai/v1", "MISTRAL_API_KEY", 60000),
    ("groq", "openai", "https://api.groq.com/openai/v1", "GROQ_API_KEY", 30000),
]

# id, provider, LiteLLM key, upstream model, tier, pool, simulate (quality, ttft_ms, tokens_per_s)
MODELS = [
    ("gpt-5", "openai", "gpt-5", "gpt-5", 3, None, (0.92, 900, 60)),
    ("o4-mini", "openai", "o4-mini", "o4-mini", 3, "batch", (0.88, 900, 90)),
    ("gpt-4.1", "openai", "gpt-4.1", "gpt-4.1", 2, None, (0.80, 450, 80)),
    ("gpt-5-mini", "openai", "gpt-5-mini", "gpt-5-mini", 2, None, (0.82, 700, 90)),
    ("gpt-4.1-mini", "openai", "gpt-4.1-mini", "gpt-4.1-mini", 2, None, (0.74, 350, 110)),
    ("gpt-4o-mini", "openai", "gpt-4o-mini", "gpt-4o-mini", 1, None, (0.64, 300, 100)),
    ("gpt-4.1-nano", "openai", "gpt-4.1-nano", "gpt-4.1-nano", 1, None, (0.58, 250, 150)),
    ("claude-opus-4-6", "anthropic", "claude-opus-4-6", "claude-opus-4-6", 3, None, (0.93, 850, 45)),
    ("claude-sonnet-4-6", "anthropic", "claude-sonnet-4-6", "claude-sonnet-4-6", 3, None, (0.90, 600, 70)),
    ("claude-haiku-4-5", "anthropic", "claude-haiku-4-5", "claude-haiku-4-5", 2, None, (0.76, 350, 120)),
    ("gemini-2.5-pro", "google", "gemini/gemini-2.5-pro", "gemini-2.5-pro", 3, None, (0.89, 800, 90)),
    ("gemini-2.5-flash", "google", "gemini/gemini-2.5-flash", "gemini-2.5-flash", 2, None, (0.77, 400, 160)),
    ("gemini-2.5-flash-lite", "google", "gemini/gemini-2.5-flash-lite", "gemini-2.5-flash-lite", 1, None,
     (0.62, 250, 200)),
    ("deepseek-chat", "deepseek", "deepseek/deepseek-chat", "deepseek-chat", 2, None, (0.78, 600, 50)),
    ("deepseek-reasoner", "deepseek", "deepseek/deepseek-reasoner", "deepseek-reasoner", 3, "batch",
     (0.87, 900, 40)),
    ("mistral-large-latest", "mistral", "mistral/mistral-large-latest", "mistral-large-latest", 2, None,
     (0.76, 450, 70)),
    ("mistral-small-latest", "mistral", "mistral/mistral-small-latest", "mistral-small-latest", 1, None,
     (0.60, 300, 120)),
    ("llama-3.3-70b-versatile", "groq", "groq/llama-3.3-70b-versatile", "llama-3.3-70b-versatile", 2, None,
     (0.72, 200, 200)),
    ("llama-3.1-8b-instant", "groq", "groq/llama-3.1-8b-instant", "llama-3.1-8b-instant", 1, None,
     (0.55, 150, 200)),
    ("gpt-oss-120b", "groq", "groq/openai/gpt-oss-120b", "openai/gpt-oss-120b", 2, None, (0.80, 250, 200)),
]

HOT_STANDBY = ["gpt-4o-mini", "gemini-2.5-flash-lite"]
CAPABILITY_ORDER = ["tools", "json", "vision", "streaming"]
FALLBACKS_PER_MODEL = 2


def usd_per_1m(per_token):
    return None if per_token is None else round(per_token * 1_000_000, 6)


def capabilities(row):
    caps = {"streaming"}
    if row.get("supports_function_calling"):
        caps.add("tools")
    if row.get("supports_response_schema") or row.get("supports_json_mode"):
        caps.add("json")
    if row.get("supports_vision"):
        caps.add("vision")
    return [c for c in CAPABILITY_ORDER if c in caps]


def catalog(prices):
    out = []
    for model_id, provider, key, upstream, tier, pool, sim in MODELS:
        row = prices.get(key)
        if row is None:
            sys.exit(f"{key}: not in the price table")
        if row.get("mode") != "chat":
            sys.exit(f"{key}: mode is {row.get('mode')}, not chat")
        out.append({
            "id": model_id, "provider": provider, "upstream_model": upstream, "litellm_key": key,
            "input": usd_per_1m(row["input_cost_per_token"]),
            "output": usd_per_1m(row["output_cost_per_token"]),
            "cached": usd_per_1m(row.get("cache_read_input_token_cost")),
            "context": row["max_input_tokens"], "max_output": row["max_output_tokens"],
            "caps": capabilities(row), "tier": tier, "pool": pool, "sim": sim,
        })
    return out


def blended(m):
    """USD per 1M tokens at a typical 3:1 prompt-to-completion mix."""
    return (3 * m["input"] + m["output"]) / 4


def fallbacks_for(m, models):
    """Up to two models from other providers (one per provider) that can do everything m can,
    nearest in tier (same, then one up, then one down), cheapest first; when none has all of m's
    capabilities, the ones that share the most."""
    others = [o for o in models if o["provider"] != m["provider"]]

    def key(o):
        missing = len(set(m["caps"]) - set(o["caps"]))
        tier_gap = o["tier"] - m["tier"]
        tier_rank = 0 if tier_gap == 0 else (1 if tier_gap == 1 else 2 + abs(tier_gap))
        pool_clash = 0 if (o["pool"] in (None, m["pool"])) else 1
        short_context = 1 if o["context"] < min(m["context"], 128000) else 0
        return (missing, pool_clash, tier_rank, short_context, blended(o))

    chosen, providers = [], set()
    for o in sorted(others, key=key):
        if o["provider"] in providers:
            continue
        chosen.append(o["id"])
        providers.add(o["provider"])
        if len(chosen) == FALLBACKS_PER_MODEL:
            break
    return chosen


def num(x):
    return repr(x) if isinstance(x, float) else str(x)


def render(models, updated):
    lines = []
    w = lines.append
    w("# Routewise configuration: the shipped default.")
    w("#")
    w("# Reference for every key: docs/configuration.md. Check a file with `scripts/routewise config check`.")
    w("# The config's version (in every routing decision and ledger row) is a hash of this file's bytes,")
    w("# so any edit, even to a comment, gives a new version.")
    w("#")
    w("# Catalog source: prices (USD per 1M tokens), cached-input prices, context windows, output limits and")
    w(f"# capabilities come from LiteLLM's model_prices_and_context_window.json (MIT), last_updated {updated},")
    w("# via scripts/catalog-from-litellm.py (which also derives the fallback chains). List prices change:")
    w("# re-run the script on a fresh table, or edit here, before trusting cost numbers.")
    w("# Tiers (1 small/cheap, 2 mid, 3 frontier), pools and `simulate` profiles are our judgement; `simulate`")
    w("# only matters when the built-in simulator stands in for a provider (no API keys set).")
    w("")
    w("server: {host: 0.0.0.0, port: 8080, max_body_bytes: 10485760}")
    w("")
    w("# API keys are read from the named environment variables; they never belong in this file.")
    w("providers:")
    for name, kind, base, env, timeout in PROVIDERS:
        w(f"  - {{name: {name}, kind: {kind}, base_url: {base}, api_key_env: {env}, "
          f"connect_timeout_ms: 5000, timeout_ms: {timeout}}}")
    w("")
    w("models:")
    by_id = {m["id"]: m for m in models}
    current = None
    for m in models:
        if m["provider"] != current:
            current = m["provider"]
            w(f"  # --- {current} ---")
        w(f"  - id: {m['id']}")
        w(f"    provider: {m['provider']}")
        w(f"    upstream_model: {m['upstream_model']}")
        w(f"    input_usd_per_1m: {num(m['input'])}")
        w(f"    output_usd_per_1m: {num(m['output'])}")
        if m["cached"] is not None:
            w(f"    cached_input_usd_per_1m: {num(m['cached'])}")
        w(f"    context_window: {m['context']}")
        w(f"    max_output_tokens: {m['max_output']}")
        w(f"    capabilities: [{', '.join(m['caps'])}]")
        w(f"    tier: {m['tier']}")
        if m["pool"]:
            w(f"    pool: {m['pool']}")
        w("    enabled: true")
        fallbacks = fallbacks_for(m, models)
        assert all(f in by_id for f in fallbacks)
        w(f"    fallbacks: [{', '.join(fallbacks)}]")
        q, ttft, tps = m["sim"]
        w(f"    simulate: {{quality: {q}, ttft_ms: {ttft}, tokens_per_s: {tps}, jitter: 0.2, error_rate: 0.0}}")
    w("")
    w("routing:")
    w("  quality_target: 0.7        # default expected quality for model: auto (0..1)")
    w(f"  hot_standby: [{', '.join(HOT_STANDBY)}]   # tried when a decision's candidates all failed")
    w("")
    w("# Spending caps, enforced by the ledger. Example:")
    w("#   - {scope: provider, name: openai, period: month, usd: 500}   # scope: provider | model | key")
    w("#   - {scope: model, name: claude-opus-4-6, period: day, usd: 20}")
    w("budgets: []")
    w("")
    w('ledger: {url: "jdbc:sqlite:data/routewise.db"}   # or jdbc:postgresql://host:5432/routewise')
    w("")
    w("logging: {log_prompts: false}   # prompts may hold personal data")
    w("")
    w("evaluation: {enabled: false, interval_hours: 24, sets: [eval-sets], drift_threshold: 0.05, min_samples: 30}")
    return "\n".join(lines) + "\n"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/catalog/litellm-model-prices.json"
    with open(path, encoding="utf-8") as f:
        prices = json.load(f)
    updated = str(prices.get("last_updated", "unknown date"))[:10]
    sys.stdout.write(render(catalog(prices), updated))


if __name__ == "__main__":
    main()
