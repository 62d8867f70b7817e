package io.routewise.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit 5 extension behind {@link RequiresPostgres}: disables each test with the reason when
 * PostgreSQL is unreachable, except under {@code CI=true}, where the test runs and fails before its body.
 */
public final class PostgresExtension implements ExecutionCondition, BeforeEachCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided per test");
        }
        TestPostgres.Probe probe = TestPostgres.probe();
        if (probe.reachable()) {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + probe.baseUrl());
        }
        if (SharedData.isCi()) {
            return ConditionEvaluationResult.enabled("CI=true: the test will fail for want of PostgreSQL");
        }
        TestPostgres.printSkipNotice(probe.reason());
        return ConditionEvaluationResult.disabled(probe.reason());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestPostgres.Probe probe = TestPostgres.probe();
        if (!probe.reachable()) {
            throw new AssertionError("CI=true, so PostgreSQL tests must run: " + probe.reason());
        }
    }
}
