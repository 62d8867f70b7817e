package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.LedgerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerLengthHistoryTest {

    @TempDir
    Path dir;

    private Ledger open() {
        return Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("l.db")));
    }

    private static List<LedgerRow> calls(String model, int count, int tokens) {
        List<LedgerRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(Rows.row(model + "-" + tokens + "-" + i).model(model).outputTokens(tokens).build());
        }
        return rows;
    }

    @Test
    void aModelIsPricedAtTheMeanOfItsSuccessfulCallsOnceItHasTen() {
        try (Ledger ledger = open()) {
            ledger.insert(calls("verbose", 9, 2000));
            // failed calls do not count, however long their (partial) answers
            ledger.insert(List.of(Rows.row("f").model("verbose").status("TIMEOUT").error("timed out").outputTokens(90000)
                    .build()));
            assertThat(AnswerLengthHistory.readOnce(ledger).mean("verbose")).isEmpty();
            ledger.insert(calls("verbose", 1, 1000));
            assertThat(AnswerLengthHistory.readOnce(ledger).mean("verbose")).hasValue(1900); // (9 x 2000 + 1000) / 10
        }
    }

    @Test
    void aModelWithoutEnoughHistoryOfItsOwnIsNotPricedAtAVerboseModelsLength() {
        try (Ledger ledger = open()) {
            ledger.insert(calls("verbose", 10, 50_000));
            ledger.insert(calls("new", 3, 100));
            AnswerLengthHistory history = AnswerLengthHistory.readOnce(ledger);
            assertThat(history.mean("verbose")).hasValue(50_000);
            assertThat(history.mean("new")).isEmpty();
            assertThat(history.mean("never-called")).isEmpty();
        }
    }

    @Test
    void onceThreeModelsHaveAMeanTheirMedianStandsInForAModelWithout() {
        try (Ledger ledger = open()) {
            ledger.insert(calls("a", 10, 200));
            ledger.insert(calls("b", 10, 300));
            ledger.insert(calls("verbose", 10, 50_000));
            AnswerLengthHistory history = AnswerLengthHistory.readOnce(ledger);
            assertThat(history.mean("never-called")).hasValue(300);
            assertThat(history.mean("a")).hasValue(200);
            ledger.insert(calls("c", 10, 100));
            // four means (100, 200, 300, 50,000): the lower middle one
            assertThat(AnswerLengthHistory.readOnce(ledger).mean("never-called")).hasValue(200);
        }
    }

    @Test
    void onlyAModelsLastWindowOfCallsCounts() {
        try (Ledger ledger = open()) {
            ledger.insert(calls("m", 300, 4000)); // older
            ledger.insert(calls("m", AnswerLengthHistory.WINDOW, 100)); // the last 500
            assertThat(AnswerLengthHistory.readOnce(ledger).mean("m")).hasValue(100);
        }
    }

    @Test
    void anEmptyLedgerKnowsNothingAndAnUnreadableOneKeepsTheLastSnapshot() {
        Ledger ledger = open();
        ledger.insert(calls("m", 10, 250));
        AnswerLengthHistory history = AnswerLengthHistory.readOnce(ledger);
        assertThat(history.mean("m")).hasValue(250);
        ledger.close();
        history.refresh(); // the pool is closed: the read fails
        assertThat(history.mean("m")).hasValue(250);
        try (Ledger empty = Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("empty.db")))) {
            assertThat(AnswerLengthHistory.readOnce(empty).mean("m")).isEmpty();
        }
    }

    @Test
    void startedHistoriesReadTheLedgerOnTheirOwnThread() throws InterruptedException {
        try (Ledger ledger = open()) {
            ledger.insert(calls("m", 12, 640));
            try (AnswerLengthHistory history = AnswerLengthHistory.start(ledger, java.time.Duration.ofMinutes(1))) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (history.mean("m").isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(history.mean("m")).hasValue(640);
            }
        }
    }
}
