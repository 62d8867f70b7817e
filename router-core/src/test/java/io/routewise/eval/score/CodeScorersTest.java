package io.routewise.eval.score;

import static io.routewise.eval.score.ScorerSpecs.scorer;
import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CodeScorersTest {

    private static final String ADD_TESTS = "{\"type\":\"python_tests\",\"tests\":\"assert add(2, 3) == 5\"}";

    /** Outside CI, a machine without python3 skips these tests and says why; in CI it is a failure. */
    private static void requirePython() {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(PythonTestsScorer.available()).as("python3 must be installed in CI").isTrue();
        } else {
            Assumptions.assumeTrue(PythonTestsScorer.available(), "python3 is not installed");
        }
    }

    @Test
    void codePatternsAreCheckedOnTheFencedBlock() {
        Scorer s = scorer("{\"type\":\"code_pattern\",\"must_match\":[\"def\\\\s+add\\\\(\",\"return\\\\s+a\\\\s*\\\\+\\\\s*b\"],"
                + "\"must_not_match\":[\"import\\\\s+os\"]}");
        assertThat(s.score("Here:\n```python\ndef add(a, b):\n    return a + b\n```\nreturn a - b").passed()).isTrue();
        assertThat(s.score("def add(a, b):\n    return None").detail()).startsWith("missing /return");
        assertThat(s.score("import os\ndef add(a, b):\n    return a + b").detail()).startsWith("must not match");
    }

    @Test
    void patternsSpanLines() {
        Scorer s = scorer("{\"type\":\"code_pattern\",\"must_match\":[\"class Stack.*def pop\"]}");
        assertThat(s.score("class Stack:\n    def push(self):\n        pass\n    def pop(self):\n        pass").passed())
                .isTrue();
    }

    @Test
    void pythonTestsPassWhenTheAssertsHold() {
        requirePython();
        Scorer s = scorer(ADD_TESTS);
        assertThat(s.score("```python\ndef add(a, b):\n    return a + b\n```").passed()).isTrue();
    }

    @Test
    void aFailingAssertFailsWithTheErrorLine() {
        requirePython();
        Score s = scorer(ADD_TESTS).score("def add(a, b):\n    return a - b");
        assertThat(s.passed()).isFalse();
        assertThat(s.detail()).contains("AssertionError");
    }

    @Test
    void codeThatNeverEndsIsKilledAtTheTimeout() {
        requirePython();
        Scorer s = scorer("{\"type\":\"python_tests\",\"tests\":\"assert True\",\"timeout_ms\":500}");
        Score score = s.score("while True:\n    pass");
        assertThat(score.passed()).isFalse();
        assertThat(score.detail()).isEqualTo("timed out after 500 ms");
    }

    @Test
    void endlessOutputIsDrainedAndTheRunStillTimesOut() {
        requirePython();
        Scorer s = scorer("{\"type\":\"python_tests\",\"tests\":\"assert True\",\"timeout_ms\":500}");
        assertThat(s.score("while True:\n    print('x' * 1000)").detail()).isEqualTo("timed out after 500 ms");
    }

    @Test
    void runsWithoutTheCallersEnvironment() {
        requirePython();
        Assumptions.assumeTrue(System.getenv("HOME") != null, "HOME is not set here, nothing to hide");
        // only PATH is passed on (a python3 launcher such as a pyenv shim may add its own variables)
        Scorer s = scorer("{\"type\":\"python_tests\",\"tests\":\"import os\\nassert 'HOME' not in os.environ and 'PATH' in os.environ\"}");
        assertThat(s.score("x = 1").passed()).isTrue();
    }

    @Test
    void aSyntaxErrorIsAFailedScore() {
        requirePython();
        assertThat(scorer(ADD_TESTS).score("def add(a, b) return").passed()).isFalse();
    }
}
