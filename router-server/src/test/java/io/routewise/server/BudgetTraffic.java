package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.ledger.Ledger;
import io.routewise.ledger.SpendQuery;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Bursts of chat requests against routers with a budget, counted by how they ended (for the budget tests). */
final class BudgetTraffic {

    /**
     * @param ok      answered (200 without an error body)
     * @param refused 429 {@code budget_exceeded}
     * @param other   anything else, as status and the start of the body
     */
    record Counts(int ok, int refused, List<String> other) {
    }

    private BudgetTraffic() {
    }

    /**
     * Sends {@code waves} waves of {@code perWave} concurrent requests, request {@code n} to
     * {@code baseUrls[n % size]} with body {@code body(n)}, each wave finished before the next.
     */
    static Counts send(List<String> baseUrls, int waves, int perWave, IntFunction<String> body) throws Exception {
        int ok = 0;
        int refused = 0;
        List<String> other = new ArrayList<>();
        for (int wave = 0; wave < waves; wave++) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < perWave; i++) {
                int n = wave * perWave + i;
                calls.add(RouterTestBase.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(baseUrls.get(n % baseUrls.size())
                                + "/v1/chat/completions")).timeout(Duration.ofSeconds(60))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.apply(n))).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.get();
                if (r.statusCode() == 200 && !r.body().contains("\"error\"")) {
                    ok++;
                } else if (r.statusCode() == 429 && r.body().contains("budget_exceeded")) {
                    refused++;
                } else {
                    other.add(r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
                }
            }
        }
        return new Counts(ok, refused, other);
    }

    /** SIGTERM to each router (its shutdown hook drains its ledger writer), then waits for every one to exit. */
    static void stopGracefully(Process... routers) throws InterruptedException {
        for (Process p : routers) {
            p.destroy();
        }
        for (Process p : routers) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("router process exited").isTrue();
        }
    }

    /** Kills the routers still running (null for one never started): what a test's finally does. */
    static void kill(Process... routers) {
        for (Process p : routers) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /** The spend of the ledger's one provider (the budget tests route to one). */
    static SpendQuery.SpendRow providerSpend(Ledger ledger) {
        return new SpendQuery(ledger).spend(SpendQuery.GroupBy.PROVIDER, null, null).get(0);
    }

    /** The most a single ledger row cost. */
    static double mostOneCallCost(Ledger ledger) throws SQLException {
        try (var c = ledger.connection(); var ps = c.prepareStatement("SELECT MAX(cost_usd) FROM ledger_rows");
             var rs = ps.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
