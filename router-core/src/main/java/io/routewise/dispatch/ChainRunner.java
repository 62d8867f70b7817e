package io.routewise.dispatch;

import io.routewise.catalog.Exclusion;
import io.routewise.config.ModelConfig;
import io.routewise.policy.Chain;
import io.routewise.resilience.CallGate;
import io.routewise.resilience.Deployment;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Walks one request's chain: each model is screened by the gate (its circuit only for the first
 * choice; health, latency budget, saturation and re-admission share for the others, the hot standby
 * without a latency budget), passed over with its reason or handed to the {@link AttemptRunner}. When
 * the first pass called nobody because of verdicts that are not worth failing a request for (health,
 * latency, saturation, ramp-up), a second pass calls the first model whose circuit and provider admit it.
 */
final class ChainRunner<T> {

    /** Skips a second pass may overrule. Circuits, budgets and the deadline are never overruled. */
    private static final Set<Exclusion.Cause> OVERRULED_ON_SECOND_PASS = EnumSet.of(Exclusion.Cause.UNHEALTHY,
            Exclusion.Cause.OVER_LATENCY_BUDGET, Exclusion.Cause.RAMPING_UP, Exclusion.Cause.SATURATED);

    /** The value of the call that answered, the model that gave it, and every attempt. */
    record Result<T>(T value, ModelConfig model, List<Attempt> attempts, long upstreamNanos) {
    }

    private final CallGate.RequestGate gate;
    private final AttemptRunner<T> runner;
    private final AttemptLog log;

    ChainRunner(CallGate.RequestGate gate, AttemptRunner<T> runner, AttemptLog log) {
        this.gate = gate;
        this.runner = runner;
        this.log = log;
    }

    Result<T> run(Chain chain) throws DispatchException {
        for (int pass = 1; pass <= 2; pass++) {
            int from = log.size();
            boolean called = false;
            for (int i = 0; i < chain.size(); i++) {
                Chain.Link link = chain.get(i);
                ModelConfig model = link.model();
                Exclusion late = gate.deadlinePassed();
                if (late != null) {
                    log.skipped(model, late);
                    throw log.failure(false);
                }
                Deployment deployment = Deployment.of(model);
                Exclusion why = gate.screen(deployment, pass == 1 ? screening(i, link.role()) : CallGate.Screening.BREAKER_ONLY);
                if (why != null) {
                    log.skipped(model, why);
                    continue;
                }
                AttemptRunner.Outcome<T> outcome = runner.run(i, model, deployment);
                called |= outcome.called();
                if (outcome.done()) {
                    return new Result<>(outcome.value(), model, log.attempts(), log.upstreamNanos());
                }
            }
            if (called || !overruledOnSecondPass(log.attempts().subList(from, log.size()))) {
                break;
            }
        }
        throw log.failure(false);
    }

    /** The first choice (the decision's, or the model the client named) is tried unless its circuit is open. */
    private static CallGate.Screening screening(int index, Chain.Role role) {
        if (index == 0) {
            return CallGate.Screening.BREAKER_ONLY;
        }
        return role == Chain.Role.HOT_STANDBY ? CallGate.Screening.FULL_WITHOUT_LATENCY_BUDGET : CallGate.Screening.FULL;
    }

    private static boolean overruledOnSecondPass(List<Attempt> pass) {
        return pass.stream().anyMatch(a -> a.skipped() && OVERRULED_ON_SECOND_PASS.contains(a.skip().cause()));
    }
}
