package io.routewise.training.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.routewise.chat.ContentPart;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfidfNeighboursTest {

    private static int line;

    /** A training request: its prompt and, per model, its outcome. */
    private static TrafficRecord record(String prompt, Map<String, Double> outcomes) {
        List<LoggedResponse> responses = new ArrayList<>();
        outcomes.forEach((model, outcome) -> responses.add(new LoggedResponse(model, outcome, 0.01, null, null, null)));
        line++;
        return new TrafficRecord("r" + line, "toy", null, null, List.of(Message.text(Role.USER, prompt)), responses, "mem", line);
    }

    private static Map<String, Double> outcomes(Object... modelOutcome) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < modelOutcome.length; i += 2) {
            map.put((String) modelOutcome[i], (Double) modelOutcome[i + 1]);
        }
        return map;
    }

    private static List<Message> ask(String prompt) {
        return List.of(Message.text(Role.USER, prompt));
    }

    private static final List<TrafficRecord> PETS_AND_TAXES = List.of(
            record("how do cats purr", outcomes("a", 1.0, "b", 0.0)),
            record("why do cats sleep so much", outcomes("a", 1.0, "b", 1.0)),
            record("file my tax return", outcomes("a", 0.0, "b", 1.0, "c", 0.2)),
            record("tax return deadline", outcomes("a", 0.0, "b", 1.0, "c", 0.6)));

    @Test
    void averagesEachModelsOutcomeOverTheKMostSimilarPrompts() {
        assertThat(TfidfNeighbours.fit(PETS_AND_TAXES, 1).predict(ask("cats purr")))
                .containsEntry("a", 1.0).containsEntry("b", 0.0);
        assertThat(TfidfNeighbours.fit(PETS_AND_TAXES, 2).predict(ask("cats purr")))
                .containsEntry("a", 1.0).containsEntry("b", 0.5);
        assertThat(TfidfNeighbours.fit(PETS_AND_TAXES, 2).predict(ask("When is the TAX deadline?")))
                .containsEntry("a", 0.0).containsEntry("b", 1.0);
    }

    @Test
    void aModelNoNeighbourAnsweredGetsItsOverallTrainingMean() {
        Map<String, Double> p = TfidfNeighbours.fit(PETS_AND_TAXES, 2).predict(ask("cats purr"));
        assertThat(p.get("c")).isCloseTo(0.4, within(1e-12));
        assertThat(p.keySet()).containsExactly("a", "b", "c");
    }

    @Test
    void aQueryWithNoKnownTermGetsEveryModelsOverallMean() {
        Map<String, Double> p = TfidfNeighbours.fit(PETS_AND_TAXES, 2).predict(ask("quantum chromodynamics?"));
        assertThat(p.get("a")).isCloseTo(0.5, within(1e-12));
        assertThat(p.get("b")).isCloseTo(0.75, within(1e-12));
        assertThat(p.get("c")).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void promptsSharingNoTermAreNeverNeighboursEvenWhenFewerThanKShareOne() {
        List<TrafficRecord> training = List.of(record("cats", outcomes("a", 1.0)), record("dogs", outcomes("a", 0.0)));
        TfidfNeighbours nn = TfidfNeighbours.fit(training, TfidfNeighbours.DEFAULT_K);
        assertThat(nn.predict(ask("cats"))).containsExactly(entry("a", 1.0));
        assertThat(nn.neighbours(ask("cats"))).containsExactly(0);
    }

    @Test
    void tiesGoToTheEarlierTrainingPromptAndDuplicatesCountSeparately() {
        List<TrafficRecord> training = List.of(
                record("hello world", outcomes("a", 0.0)),
                record("world, hello!", outcomes("a", 1.0)),   // the same bag of words
                record("hello world", outcomes("a", 1.0)),
                record("hello there world", outcomes("a", 1.0)));
        assertThat(TfidfNeighbours.fit(training, 1).predict(ask("hello world"))).containsEntry("a", 0.0);
        assertThat(TfidfNeighbours.fit(training, 2).predict(ask("hello world"))).containsEntry("a", 0.5);
        assertThat(TfidfNeighbours.fit(training, 4).neighbours(ask("hello world"))).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aSharedRareTermOutweighsASharedCommonOne() {
        // Without idf "the" alone (cosine 1 on the term "the") would beat "zebra stripes" (1/sqrt 2 on "zebra").
        List<TrafficRecord> training = List.of(
                record("the", outcomes("a", 0.0)),
                record("zebra stripes", outcomes("a", 1.0)),
                record("the cat", outcomes("a", 0.0)),
                record("the dog", outcomes("a", 0.0)),
                record("the fish", outcomes("a", 0.0)));
        assertThat(TfidfNeighbours.fit(training, 1).neighbours(ask("the zebra"))).containsExactly(1);
    }

    @Test
    void repeatedTermsCountSublinearly() {
        // idf: spam 1.288, eggs 1.693. "spam eggs" normalised: spam 0.605, eggs 0.796. The query's
        // spam weight w scores w on "spam" and 0.605 w + 1.348 on "spam eggs": the latter wins iff
        // w < 3.42. Raw tf 4 gives w = 5.15; sublinear 1 + ln 4 gives w = 3.07.
        List<TrafficRecord> training = List.of(
                record("spam", outcomes("a", 0.0)),
                record("spam eggs", outcomes("a", 1.0)),
                record("ham", outcomes("a", 0.0)));
        assertThat(TfidfNeighbours.fit(training, 1).neighbours(ask("spam spam spam spam eggs"))).containsExactly(1);
    }

    @Test
    void readsOnlyTheLastUserTurn() {
        TfidfNeighbours nn = TfidfNeighbours.fit(PETS_AND_TAXES, 1);
        List<Message> conversation = List.of(
                Message.text(Role.SYSTEM, "you are a tax advisor"),
                Message.text(Role.USER, "file my tax return"),
                Message.text(Role.ASSISTANT, "done"),
                new Message(Role.USER, List.of(new ContentPart.Text("how do"), new ContentPart.Image("https://x/cat.png", null),
                        new ContentPart.Text("cats purr")), null, List.of(), null),
                Message.text(Role.ASSISTANT, "tax tax tax"));
        assertThat(nn.predict(conversation)).containsEntry("a", 1.0).containsEntry("b", 0.0);
    }

    @Test
    void tokensAreLowercasedRunsOfUnicodeLettersAndDigits() {
        assertThat(TfidfNeighbours.tokens("Straße, ÉCOLE -- 42x_y 東京 ok"))
                .containsExactly("straße", "école", "42x", "y", "東京", "ok");
    }

    @Test
    void rejectsANonPositiveK() {
        assertThatThrownBy(() -> TfidfNeighbours.fit(PETS_AND_TAXES, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
