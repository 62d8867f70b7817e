package io.routewise.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigLoaderErrorsTest {

    /** A small valid config; tests break one thing in it. Line numbers below refer to this text. */
    static final String VALID = """
            providers:
              - {name: openai, kind: openai, base_url: https://api.openai.com/v1, api_key_env: OPENAI_API_KEY}
              - {name: sim, kind: simulator}
            models:
              - id: small
                provider: openai
                input_usd_per_1m: 0.15
                output_usd_per_1m: 0.6
                context_window: 128000
                max_output_tokens: 16384
                capabilities: [tools, json]
                fallbacks: [local]
              - id: local
                provider: sim
                input_usd_per_1m: 0
                output_usd_per_1m: 0
                context_window: 8000
                max_output_tokens: 1000
            """;

    private static String errorOf(String yaml) {
        try {
            ConfigLoader.parse(yaml, "routewise.yaml");
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void acceptsTheSmallValidConfig() {
        RoutewiseConfig config = ConfigLoader.parse(VALID, "routewise.yaml");
        assertThat(config.models()).extracting(ModelConfig::id).containsExactly("small", "local");
        assertThat(config.model("small").orElseThrow().capabilities())
                .containsExactlyInAnyOrder(Capability.TOOLS, Capability.JSON);
        assertThat(config.model("small").orElseThrow().inputUsdPer1m()).isEqualTo(0.15);
        assertThat(config.provider("sim").orElseThrow().kind()).isEqualTo(ProviderKind.SIMULATOR);
    }

    @Test
    void reportsUnknownKeyWithLineColumnPathAndTheKnownKeys() {
        String message = errorOf(VALID.replace("{name: sim, kind: simulator}", "{name: sim, kidn: simulator}"));
        assertThat(message).startsWith("routewise.yaml:3:").contains("providers[1].kidn: unknown key (expected one of:")
                .contains("base_url").contains("api_key_env");
    }

    @Test
    void reportsUnknownTopLevelSection() {
        assertThat(errorOf(VALID + "routng: {quality_target: 0.5}\n")).isEqualTo("routewise.yaml:19:1: routng: unknown key "
                + "(expected one of: server, providers, models, routing, budgets, ledger, logging, evaluation, auth)");
    }

    @Test
    void listsAModelsKeysInDeclaredOrderWithSnakeCasePrices() {
        assertThat(errorOf(VALID.replace("    provider: sim\n", "    provider: sim\n    teir: 2\n")))
                .isEqualTo("routewise.yaml:15:5: models[1].teir: unknown key (expected one of: id, provider, upstream_model, "
                        + "input_usd_per_1m, output_usd_per_1m, cached_input_usd_per_1m, context_window, max_output_tokens, "
                        + "capabilities, tier, pool, enabled, fallbacks, simulate, passthrough)");
    }

    @Test
    void rejectsStringWhereANumberIsExpected() {
        String message = errorOf(VALID.replace("input_usd_per_1m: 0.15", "input_usd_per_1m: \"0.15\""));
        assertThat(message).startsWith("routewise.yaml:7:").contains("models[0].input_usd_per_1m: expected a number")
                .contains("'0.15'");
    }

    @Test
    void rejectsFractionWhereAWholeNumberIsExpected() {
        assertThat(errorOf(VALID.replace("context_window: 8000", "context_window: 8000.5")))
                .startsWith("routewise.yaml:17:").contains("models[1].context_window: expected a whole number");
    }

    @Test
    void rejectsNumberWhereAListIsExpected() {
        assertThat(errorOf(VALID.replace("capabilities: [tools, json]", "capabilities: 5")))
                .startsWith("routewise.yaml:11:").contains("models[0].capabilities: expected a list");
    }

    @Test
    void rejectsTextWhereTrueOrFalseIsExpected() {
        assertThat(errorOf(VALID + "logging: {log_prompts: \"no\"}\n"))
                .contains("logging.log_prompts: expected true or false");
    }

    @Test
    void reportsProviderKindTypo() {
        assertThat(errorOf(VALID.replace("kind: openai", "kind: opnai")))
                .startsWith("routewise.yaml:2:").contains("providers[0].kind: unknown provider kind 'opnai'")
                .contains("openai, anthropic, gemini, simulator");
    }

    @Test
    void reportsCapabilityTypo() {
        assertThat(errorOf(VALID.replace("capabilities: [tools, json]", "capabilities: [tools, jsno]")))
                .startsWith("routewise.yaml:11:").contains("models[0].capabilities").contains("unknown capability 'jsno'");
    }

    @Test
    void reportsMissingProviderReferenceWithTheModelsLine() {
        assertThat(errorOf(VALID.replace("provider: sim", "provider: simm")))
                .isEqualTo("routewise.yaml:14:5: models[1].provider: no provider named 'simm' (defined: openai, sim)");
    }

    @Test
    void reportsNegativePrice() {
        assertThat(errorOf(VALID.replace("output_usd_per_1m: 0\n", "output_usd_per_1m: -1\n")))
                .isEqualTo("routewise.yaml:16:5: models[1].output_usd_per_1m: must be >= 0 (got -1.0)");
    }

    @Test
    void reportsMissingPriceAtTheModel() {
        assertThat(errorOf(VALID.replace("    input_usd_per_1m: 0.15\n", "")))
                .startsWith("routewise.yaml:5:").contains("models[0].input_usd_per_1m: is required");
    }

    @Test
    void reportsDuplicateModelIds() {
        assertThat(errorOf(VALID.replace("id: local", "id: small").replace("fallbacks: [local]", "")))
                .isEqualTo("routewise.yaml:13:5: models[1].id: duplicate model id 'small'");
    }

    @Test
    void reportsDuplicateProviderNames() {
        assertThat(errorOf(VALID.replace("{name: sim,", "{name: openai,").replace("provider: sim", "provider: openai")))
                .contains("providers[1].name: duplicate provider name 'openai'");
    }

    @Test
    void reportsEveryProblemOnItsOwnLineInFileOrder() {
        String broken = VALID.replace("max_output_tokens: 1000", "max_output_tokens: 9000")
                .replace("fallbacks: [local]", "fallbacks: [small, nowhere]")
                .replace("base_url: https://api.openai.com/v1", "base_url: ftp://example.com")
                + "server: {port: 70000}\n";
        String[] lines = errorOf(broken).split("\n");
        assertThat(lines).containsExactly(
                "routewise.yaml:2:34: providers[0].base_url: must be an http:// or https:// URL (got 'ftp://example.com')",
                "routewise.yaml:12:17: models[0].fallbacks[0]: a model cannot be its own fallback",
                "routewise.yaml:12:24: models[0].fallbacks[1]: no model with id 'nowhere'",
                "routewise.yaml:18:5: models[1].max_output_tokens: must be <= context_window (8000), got 9000",
                "routewise.yaml:19:10: server.port: must be between 1 and 65535 (got 70000)");
    }

    @Test
    void aScoreCacheSizeOutsideItsRangeIsNamedWithItsLine() {
        assertThat(errorOf(VALID + "server: {score_cache_entries: -5}\n"))
                .contains("server.score_cache_entries: must be between 0 (off) and 1000000 (got -5)");
        assertThat(errorOf(VALID + "server: {score_cache_entries: 2000000000}\n"))
                .contains("server.score_cache_entries: must be between 0 (off) and 1000000 (got 2000000000)");
    }

    @Test
    void requiresBaseUrlForRemoteKindsOnly() {
        assertThat(errorOf(VALID.replace(" base_url: https://api.openai.com/v1,", "")))
                .contains("providers[0].base_url: is required for kind openai");
    }

    @Test
    void checksRoutingBudgetsLedgerAndSimulation() {
        String message = errorOf(VALID
                .replace("    max_output_tokens: 1000\n",
                        "    max_output_tokens: 1000\n    tier: 0\n    pool: fast\n"
                                + "    simulate: {quality: 1.5, error_rate: -0.1, ttft_ms: -5}\n")
                + """
                routing: {quality_target: 2, hot_standby: [ghost]}
                budgets:
                  - {scope: team, name: x, period: week, usd: 0}
                  - {scope: model, name: nope, period: day, usd: 10}
                  - {scope: provider, name: sim, period: month, usd: 5}
                  - {scope: key, name: key_abc, period: day, usd: 5, soft_threshold: 1.5}
                ledger: {url: "mysql://localhost/db"}
                """);
        assertThat(message).contains(
                "models[1].tier: must be >= 1 (got 0)",
                "models[1].pool: must be interactive or batch (got 'fast')",
                "models[1].simulate.quality: must be between 0 and 1 (got 1.5)",
                "models[1].simulate.error_rate: must be between 0 and 1 (got -0.1)",
                "models[1].simulate.ttft_ms: must be >= 0 (got -5)",
                "routing.quality_target: must be between 0 and 1 (got 2.0)",
                "routing.hot_standby[0]: no model with id 'ghost'",
                "budgets[0].scope: must be provider, model or key (got 'team')",
                "budgets[0].period: must be day or month (got 'week')",
                "budgets[0].usd: must be > 0 (got 0.0)",
                "budgets[1].name: no model with id 'nope'",
                "budgets[3].soft_threshold: must be in (0, 1] (got 1.5)",
                "ledger.url: must start with jdbc:sqlite: or jdbc:postgresql:");
        assertThat(message).doesNotContain("budgets[2]");
    }

    @Test
    void checksLedgerQueueSettingsAndRedactionPatterns() {
        String message = errorOf(VALID + """
                ledger: {url: "jdbc:sqlite:data/x.db", queue_capacity: 0, flush_interval_ms: -1, batch_size: 0,
                         redact_prompts: ["[0-9]{16}", "(unclosed", ""]}
                """);
        assertThat(message).contains(
                "ledger.queue_capacity: must be > 0 (got 0)",
                "ledger.flush_interval_ms: must be > 0 (got -1)",
                "ledger.batch_size: must be > 0 (got 0)",
                "ledger.redact_prompts[1]: is not a valid regular expression",
                "ledger.redact_prompts[2]: must not be empty");
        assertThat(message).doesNotContain("redact_prompts[0]");
    }

    @Test
    void refusesAnApiKeyPastedIntoApiKeyEnvWithoutEchoingIt() {
        String message = errorOf(VALID.replace("api_key_env: OPENAI_API_KEY", "api_key_env: sk-proj-abc123-secret"));
        assertThat(message).contains("providers[0].api_key_env: must be the NAME of an environment variable")
                .doesNotContain("sk-proj");
    }

    @Test
    void reportsEmptyFile() {
        assertThat(errorOf("")).startsWith("routewise.yaml: the file is empty");
        assertThat(errorOf("# only a comment\n")).startsWith("routewise.yaml: the file is empty");
    }

    @Test
    void reportsNonMappingTopLevel() {
        assertThat(errorOf("- providers\n- models\n")).startsWith("routewise.yaml:1:1: the top level must be a mapping");
        assertThat(errorOf("just text\n")).contains("the top level must be a mapping");
    }

    @Test
    void reportsYamlSyntaxErrorWithLine() {
        String message = errorOf(VALID.replace("    provider: sim\n", "    provider: sim\n  bad indentation: [\n"));
        assertThat(message).matches("(?s)routewise\\.yaml:\\d+:\\d+: invalid YAML: .+");
        assertThat(message.lines().count()).isEqualTo(1);
    }

    @Test
    void reportsDuplicateKeys() {
        assertThat(errorOf(VALID.replace("    tier: 1\n", "").replace("context_window: 8000",
                "context_window: 8000\n    context_window: 9000")))
                .contains("routewise.yaml:18:").contains("context_window");
    }

    @Test
    void reportsNullListItems() {
        assertThat(errorOf(VALID.replace("fallbacks: [local]", "fallbacks: [local, ~]")))
                .contains("models[0].fallbacks[1]: must not be empty");
    }

    @Test
    void refusesASecondYamlDocument() {
        assertThat(errorOf(VALID + "---\nserver: {port: 9090}\n"))
                .startsWith("routewise.yaml:").contains("more than one YAML document");
    }

    @Test
    void refusesAHandWrittenVersion() {
        assertThat(errorOf("version: abc\n" + VALID))
                .startsWith("routewise.yaml:1:1: version: is computed from the file's content");
    }

    @Test
    void reportsUnreadableFileByPath() {
        assertThatThrownBy(() -> ConfigLoader.load(java.nio.file.Path.of("does-not-exist.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("does-not-exist.yaml: cannot read the file");
    }

    @Test
    void authAndCorsSettingsAreReadAndCheckedNamingTheKey() {
        RoutewiseConfig config = ConfigLoader.parse(VALID + "auth: {required: true, admin_key_env: MY_ADMIN}\n"
                + "server: {cors_origins: [\"https://app.example.com\"]}\n", "routewise.yaml");
        assertThat(config.auth().required()).isTrue();
        assertThat(config.auth().protectMetrics()).isTrue();
        assertThat(config.auth().adminKeyEnv()).isEqualTo("MY_ADMIN");
        assertThat(config.server().corsOrigins()).containsExactly("https://app.example.com");
        assertThat(ConfigLoader.parse(VALID, "routewise.yaml").auth().required()).isFalse();

        assertThat(errorOf(VALID + "auth: {admin_key_env: \"not a name\"}\n")).contains("auth.admin_key_env");
        assertThat(errorOf(VALID + "auth: {admin_key_file: /no/such/file}\n")).contains("auth.admin_key_file");
        assertThat(errorOf(VALID + "auth: {requird: true}\n")).contains("requird");
        assertThat(errorOf(VALID + "server: {cors_origins: [\"*\"]}\n")).contains("server.cors_origins[0]");
    }

    @Test
    void reportsEveryUnknownKeyAndWrongValueOfAFileInOnePass() {
        String broken = VALID.replace("{name: sim, kind: simulator}", "{name: sim, kidn: simulator}")
                .replace("input_usd_per_1m: 0.15", "input_usd_per_1m: \"0.15\"")
                .replace("    provider: sim\n", "    provider: sim\n    teir: 2\n")
                .replace("context_window: 8000", "context_window: [8000]")
                + "routng: {quality_target: 0.5}\nserver: {port: \"80\"}\n";
        String message = errorOf(broken);
        assertThat(message.lines().filter(l -> l.startsWith("  routewise.yaml:") || l.startsWith("routewise.yaml:")))
                .hasSize(6);
        assertThat(message).contains("routewise.yaml:3:", "providers[1].kidn: unknown key (expected one of:")
                .contains("models[0].input_usd_per_1m: expected a number")
                .contains("models[1].teir: unknown key")
                .contains("models[1].context_window: expected a whole number (got a list)")
                .contains("routng: unknown key (expected one of: server, providers, models, routing")
                .contains("server.port: expected a whole number");
        // In file order: the provider's line before the models' before the sections at the end.
        assertThat(message.indexOf("kidn")).isLessThan(message.indexOf("input_usd_per_1m: expected"));
        assertThat(message.indexOf("teir")).isLessThan(message.indexOf("routng"));
    }

    @Test
    void theShapeWalkFindsNothingWrongWithAValidFileOrTheShippedOne() throws Exception {
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        assertThat(ConfigShape.problems(yaml.readTree(VALID))).isEmpty();
        try (var in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULT_RESOURCE)) {
            assertThat(ConfigShape.problems(yaml.readTree(in))).isEmpty();
        }
    }
}
