package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, as loaded and validated by {@link ConfigLoader}.
 *
 * @param evaluation the quality evaluator's schedule and drift thresholds
 * @param version    a short hash of the file's content; every decision and ledger row names it
 */
public record RoutewiseConfig(ServerConfig server, List<ProviderConfig> providers, List<ModelConfig> models,
                              RoutingConfig routing, List<BudgetConfig> budgets, LedgerConfig ledger,
                              LoggingConfig logging, EvaluationConfig evaluation, AuthConfig auth,
                              @JsonIgnore String version) {

    public RoutewiseConfig {
        server = server == null ? ServerConfig.DEFAULT : server;
        providers = providers == null ? List.of() : List.copyOf(providers);
        models = models == null ? List.of() : List.copyOf(models);
        routing = routing == null ? RoutingConfig.DEFAULT : routing;
        budgets = budgets == null ? List.of() : List.copyOf(budgets);
        ledger = ledger == null ? LedgerConfig.DEFAULT : ledger;
        logging = logging == null ? LoggingConfig.DEFAULT : logging;
        evaluation = evaluation == null ? EvaluationConfig.DEFAULT : evaluation;
        auth = auth == null ? AuthConfig.DEFAULT : auth;
    }

    /** The shape before {@code auth} existed. */
    public RoutewiseConfig(ServerConfig server, List<ProviderConfig> providers, List<ModelConfig> models,
                           RoutingConfig routing, List<BudgetConfig> budgets, LedgerConfig ledger,
                           LoggingConfig logging, EvaluationConfig evaluation, String version) {
        this(server, providers, models, routing, budgets, ledger, logging, evaluation, null, version);
    }

    /** The shape before {@code evaluation} existed; kept so code that builds configs by hand still compiles. */
    public RoutewiseConfig(ServerConfig server, List<ProviderConfig> providers, List<ModelConfig> models,
                           RoutingConfig routing, List<BudgetConfig> budgets, LedgerConfig ledger,
                           LoggingConfig logging, String version) {
        this(server, providers, models, routing, budgets, ledger, logging, null, null, version);
    }

    public Optional<ModelConfig> model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public RoutewiseConfig withVersion(String newVersion) {
        return new RoutewiseConfig(server, providers, models, routing, budgets, ledger, logging, evaluation, auth, newVersion);
    }

    public RoutewiseConfig withProviders(List<ProviderConfig> newProviders) {
        return new RoutewiseConfig(server, newProviders, models, routing, budgets, ledger, logging, evaluation, auth, version);
    }

    public RoutewiseConfig withServer(ServerConfig newServer) {
        return new RoutewiseConfig(newServer, providers, models, routing, budgets, ledger, logging, evaluation, auth, version);
    }

    public RoutewiseConfig withLedger(LedgerConfig newLedger) {
        return new RoutewiseConfig(server, providers, models, routing, budgets, newLedger, logging, evaluation, auth, version);
    }

    public RoutewiseConfig withLogging(LoggingConfig newLogging) {
        return new RoutewiseConfig(server, providers, models, routing, budgets, ledger, newLogging, evaluation, auth, version);
    }

    public RoutewiseConfig withEvaluation(EvaluationConfig newEvaluation) {
        return new RoutewiseConfig(server, providers, models, routing, budgets, ledger, logging, newEvaluation, auth, version);
    }

    public RoutewiseConfig withAuth(AuthConfig newAuth) {
        return new RoutewiseConfig(server, providers, models, routing, budgets, ledger, logging, evaluation, newAuth, version);
    }
}
