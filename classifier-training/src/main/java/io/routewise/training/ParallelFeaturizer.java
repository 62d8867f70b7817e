package io.routewise.training;

import io.routewise.chat.Message;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Featurizes many conversations on a few threads. Each thread takes the next unclaimed index,
 * so the result is in input order whatever the scheduling; embedding one prompt per call on one
 * thread each was measured faster here than batching (see DESIGN.md). A conversation that
 * occurs more than once (the same prompt logged under several request ids or data sets) is
 * featurized once: one text per call makes its vector independent of anything else.
 */
public final class ParallelFeaturizer {

    private ParallelFeaturizer() {
    }

    /**
     * Feature vectors for each conversation, in input order.
     *
     * @throws IllegalStateException when the source returns a vector of the wrong length or a
     *                               non-finite value (it names the row)
     */
    public static float[][] featurize(List<List<Message>> conversations, FeatureSource source, int threads,
                                      PrintStream progress) {
        // Distinct conversations, in first-seen order; each input row points at its distinct one.
        Map<List<Message>, Integer> firstIndex = new HashMap<>();
        List<List<Message>> distinct = new ArrayList<>();
        int[] rowOf = new int[conversations.size()];
        for (int i = 0; i < conversations.size(); i++) {
            List<Message> c = conversations.get(i);
            Integer at = firstIndex.putIfAbsent(c, distinct.size());
            if (at == null) {
                at = distinct.size();
                distinct.add(c);
            }
            rowOf[i] = at;
        }
        float[][] vectors = featurizeDistinct(distinct, source, threads, progress, conversations.size());
        float[][] out = new float[conversations.size()][];
        boolean[] handedOut = new boolean[vectors.length];
        for (int i = 0; i < out.length; i++) {
            int d = rowOf[i];
            out[i] = handedOut[d] ? vectors[d].clone() : vectors[d]; // every row owns its array
            handedOut[d] = true;
        }
        return out;
    }

    private static float[][] featurizeDistinct(List<List<Message>> conversations, FeatureSource source, int threads,
                                               PrintStream progress, int requests) {
        int n = conversations.size();
        int width = source.names().size();
        float[][] out = new float[n][];
        String task = "featurizing " + requests + " requests" + (n == requests ? "" : " (" + n + " distinct prompts)");
        ProgressBar bar = ProgressBar.start(progress, task, n);
        AtomicInteger next = new AtomicInteger();
        int workers = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "featurizer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        float[] v = source.features(conversations.get(i));
                        check(v, width, i);
                        out[i] = v;
                        bar.advance(1);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("featurizing was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("featurizing failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        bar.finish();
        return out;
    }

    private static void check(float[] v, int width, int row) {
        if (v == null || v.length != width) {
            throw new IllegalStateException("featurizer returned " + (v == null ? "null" : v.length + " values")
                    + " for request #" + row + ", its names() list " + width);
        }
        for (int j = 0; j < v.length; j++) {
            if (!Float.isFinite(v[j])) {
                throw new IllegalStateException("featurizer returned a non-finite value at feature " + j
                        + " for request #" + row);
            }
        }
    }
}
