package io.routewise.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit 5 extension behind {@link RequiresSharedSpecs}. Without the shared folder each test
 * is disabled with the reason (so the build log counts and explains every skip), except under
 * {@code CI=true}, where each test runs and fails before its body.
 */
public final class SharedSpecsExtension implements ExecutionCondition, BeforeEachCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided per test");
        }
        SharedData.Lookup lookup = SharedData.lookup();
        if (lookup.folder().isPresent()) {
            return ConditionEvaluationResult.enabled("shared specs at " + lookup.folder().get());
        }
        if (SharedData.isCi()) {
            return ConditionEvaluationResult.enabled("CI=true: the test will fail for want of shared specs");
        }
        SharedData.printSkipNotice(lookup.notFoundReason());
        return ConditionEvaluationResult.disabled(lookup.notFoundReason());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SharedData.assumeSharedSpecs();
    }
}
