package io.routewise.dispatch;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Counts over a request's attempts, for headers, log lines and metrics. */
public final class Attempts {

    private Attempts() {
    }

    /** The distinct models, other than {@code served} (null: none), that failed or were skipped, in order. */
    public static List<String> fallbackModels(List<Attempt> attempts, String served) {
        Set<String> models = new LinkedHashSet<>();
        for (Attempt a : attempts) {
            if (!a.succeeded() && !a.model().equals(served)) {
                models.add(a.model());
            }
        }
        return List.copyOf(models);
    }

    /** How many models other than {@code served} were left behind. */
    public static int fallbacks(List<Attempt> attempts, String served) {
        return fallbackModels(attempts, served).size();
    }

    /** Calls that repeated the previous call's model (retries of the same deployment). */
    public static int retries(List<Attempt> attempts) {
        int n = 0;
        String previous = null;
        for (Attempt a : attempts) {
            if (a.skipped()) {
                continue;
            }
            if (a.model().equals(previous)) {
                n++;
            }
            previous = a.model();
        }
        return n;
    }
}
