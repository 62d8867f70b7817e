package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.eval.EvalItem;
import io.routewise.eval.EvalSetReader;
import io.routewise.eval.Score;
import io.routewise.eval.score.PythonTestsScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped eval sets against the simulator, the way the drift evaluation sends them: a model
 * of quality 1 must pass every item's scorer (so every reference is right by its own scorer) and
 * a model of quality 0 must fail every one (so every wrong simulated answer is caught).
 */
class EvalSetConsistencyTest {

    private static final Path EVAL_SETS = Path.of("..", "eval-sets");

    private static List<EvalItem> items;
    private static Simulator simulator;

    @BeforeAll
    static void loadTheShippedSetsAsReferences() throws IOException {
        items = EvalSetReader.load(List.of(EVAL_SETS));
        simulator = new Simulator(Map.of(), 42);
        try (Stream<Path> files = Files.list(EVAL_SETS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                simulator.references().load(file);
            }
        }
        assertThat(simulator.references().size()).as("every prompt is distinct").isEqualTo(items.size());
    }

    @Test
    void aPerfectModelPassesEveryItem() {
        assertEveryItem("sim-perfect", true);
    }

    @Test
    void aModelThatIsAlwaysWrongFailsEveryItem() {
        assertEveryItem("sim-wrong", false);
    }

    @Test
    void jsonSchemaItemsAreAnsweredWithTheReferenceItself() {
        for (EvalItem item : items) {
            if (item.responseFormat().wantsJson()) {
                assertThat(answer(item, "sim-perfect")).as(item.id()).isEqualTo(item.reference());
            }
        }
    }

    private static void assertEveryItem(String model, boolean expectPass) {
        requirePython();
        List<String> wrong = new ArrayList<>();
        for (EvalItem item : items) {
            String answer = answer(item, model);
            Score score = item.scorer().score(answer);
            if (score.passed() != expectPass) {
                wrong.add(item.id() + " (" + item.scorer().type() + "): " + score.detail() + " <- "
                        + answer.replace("\n", "\\n"));
            }
        }
        assertThat(wrong).as(model + " answers judged the wrong way").isEmpty();
    }

    private static String answer(EvalItem item, String model) {
        RequestPlan plan = simulator.plan(item.request(model, 512));
        assertThat(plan.outcome().kind()).isEqualTo(Outcome.Kind.ANSWER);
        return plan.answer().message().text();
    }

    /** python_tests items need python3; outside CI its absence skips the test with the reason. */
    private static void requirePython() {
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            Assumptions.assumeTrue(PythonTestsScorer.available(),
                    "python3 is not installed: the python_tests items cannot be scored");
        }
    }
}
