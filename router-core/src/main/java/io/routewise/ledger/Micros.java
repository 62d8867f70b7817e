package io.routewise.ledger;

/** Budget amounts in whole micro-dollars (USD × 10⁶), so sums and cap comparisons are exact. */
final class Micros {

    private Micros() {
    }

    static long of(double usd) {
        return Math.round(usd * 1_000_000.0);
    }

    static double toUsd(long micros) {
        return micros / 1_000_000.0;
    }
}
