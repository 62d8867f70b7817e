package io.routewise.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar for long steps. On a terminal it redraws one line in place (at most ten
 * times a second); otherwise (a log file, CI) it prints a plain line at every tenth of the way.
 * Thread-safe: featurizing threads report into the same bar.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final String task;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastDrawNanos;
    private int lastDecile = -1;
    private boolean finished;

    ProgressBar(PrintStream out, boolean interactive, String task, long total) {
        this.out = out;
        this.interactive = interactive;
        this.task = task;
        this.total = Math.max(total, 1);
    }

    /** A bar on {@code out}; redraws in place when {@code out} is stderr and stderr is a terminal. */
    public static ProgressBar start(PrintStream out, String task, long total) {
        boolean terminal = out == System.err && System.console() != null;
        ProgressBar bar = new ProgressBar(out, terminal, task, total);
        bar.draw(true);
        return bar;
    }

    /** Records {@code n} more units done. */
    public synchronized void advance(long n) {
        done = Math.min(total, done + n);
        draw(false);
    }

    /** Sets the units done (for reporters that know an absolute position). */
    public synchronized void set(long position) {
        done = Math.min(total, Math.max(done, position));
        draw(false);
    }

    /** Completes the bar (and ends its line on a terminal). */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        done = total;
        draw(true);
        if (interactive) {
            out.println();
        }
        finished = true;
    }

    private void draw(boolean force) {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        if (interactive) {
            if (!force && now - lastDrawNanos < REDRAW_NANOS) {
                return;
            }
            lastDrawNanos = now;
            int filled = (int) (WIDTH * done / total);
            out.print("\r" + task + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + status(now));
            out.flush();
        } else {
            int decile = (int) (10 * done / total);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(task + ": " + status(now));
            }
        }
    }

    private String status(long now) {
        double seconds = (now - startNanos) / 1e9;
        return String.format(Locale.ROOT, "%3d%% %d/%d %.1fs", 100 * done / total, done, total, seconds);
    }
}
