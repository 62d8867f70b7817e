package io.routewise.ledger;

import io.routewise.config.LedgerConfig;

/**
 * A process for {@link HardKillTest}: writes ledger rows as fast as the writer takes them and prints
 * {@code submitted written} every few milliseconds, until it is killed. It never closes anything.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + args[0], null, null, null, null));
        AsyncLedgerWriter writer = AsyncLedgerWriter.start(ledger);
        long submitted = 0;
        long lastPrint = 0;
        while (true) {
            // About 5,000 rows/s: a busy router, well within what the writer keeps up with.
            for (int i = 0; i < 50; i++) {
                if (writer.submit(Rows.row("req-" + submitted).build())) {
                    submitted++;
                }
            }
            Thread.sleep(10);
            long now = System.nanoTime();
            if (now - lastPrint > 20_000_000L) {
                System.out.println(submitted + " " + writer.writtenRows());
                System.out.flush();
                lastPrint = now;
            }
        }
    }
}
