package io.routewise.training.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Summarises a k-fold cross-validation of the protocol: per data set, every curve's AIQ in each fold
 * and its mean, the share of the cost range where the router is at or above each baseline (per fold
 * and mean), and each router curve's paired difference to each baseline (mean over the folds, its
 * standard error, and in how many folds the router is at or above the baseline). One held-out split
 * of a small data set (routeprofile holds out ~100 requests) cannot tell a 0.01 AIQ gap from noise;
 * five folds score every request once and the paired differences say how sure the comparison is.
 */
final class FoldSummary {

    static final List<String> ROUTERS = List.of("router", "router_by_price");
    static final List<String> BASELINES = List.of("neighbour_baseline", "task_oracle", "random_mix");

    private FoldSummary() {
    }

    /**
     * @param folds each fold's protocol result, with {@code evidence.data_sets.<source>.aiq} and, for
     *              two-model sets, {@code evidence.data_sets.<source>.routellm.apgr}
     */
    static ObjectNode of(List<ObjectNode> folds) {
        ObjectNode out = Json.object();
        out.put("folds", folds.size());
        Set<String> sources = new TreeSet<>();
        for (ObjectNode f : folds) {
            sources.addAll(names(f.path("evidence").path("data_sets")));
        }
        ObjectNode sets = out.putObject("data_sets");
        for (String source : sources) {
            List<JsonNode> present = new ArrayList<>();
            for (ObjectNode f : folds) {
                JsonNode d = f.path("evidence").path("data_sets").path(source);
                if (d.path("aiq").isObject()) {
                    present.add(d);
                }
            }
            if (present.isEmpty()) {
                continue;
            }
            ObjectNode d = sets.putObject(source);
            d.put("folds", present.size());
            d.put("held_out_requests", present.stream().mapToInt(n -> n.path("held_out_requests").asInt()).sum());
            ObjectNode aiq = d.putObject("aiq");
            Set<String> curves = new LinkedHashSet<>();
            present.forEach(n -> curves.addAll(names(n.path("aiq"))));
            for (String curve : curves) {
                putSeries(aiq, curve, values(present, n -> n.path("aiq").path(curve)));
            }
            ObjectNode paired = d.putObject("paired");
            for (String router : ROUTERS) {
                for (String baseline : BASELINES) {
                    if (!curves.contains(router) || !curves.contains(baseline)) {
                        continue;
                    }
                    double[] r = values(present, n -> n.path("aiq").path(router));
                    double[] b = values(present, n -> n.path("aiq").path(baseline));
                    double[] diff = new double[r.length];
                    int atOrAbove = 0;
                    for (int i = 0; i < r.length; i++) {
                        diff[i] = r[i] - b[i];
                        if (diff[i] >= -1e-12) {
                            atOrAbove++;
                        }
                    }
                    ObjectNode p = paired.putObject(router + " - " + baseline);
                    p.put("mean_difference", StatUtils.mean(diff));
                    p.put("standard_error", standardError(diff));
                    p.put("folds_at_or_above", atOrAbove);
                }
            }
            Set<String> pairs = new LinkedHashSet<>();
            present.forEach(n -> pairs.addAll(names(n.path("share_at_or_above"))));
            if (!pairs.isEmpty()) {
                ObjectNode share = d.putObject("share_at_or_above");
                for (String pair : pairs) {
                    putSeries(share, pair, values(present, n -> n.path("share_at_or_above").path(pair)));
                }
            }
            if (present.stream().anyMatch(n -> n.path("routellm").path("apgr").isNumber())) {
                putSeries(d, "apgr", values(present, n -> n.path("routellm").path("apgr")));
            }
        }
        return out;
    }

    /** {@code parent.name = {mean, per_fold: [...]}}. */
    private static void putSeries(ObjectNode parent, String name, double[] perFold) {
        ObjectNode series = parent.putObject(name);
        series.put("mean", StatUtils.mean(perFold));
        ArrayNode per = series.putArray("per_fold");
        for (double x : perFold) {
            per.add(x);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static double[] values(List<JsonNode> nodes, java.util.function.Function<JsonNode, JsonNode> field) {
        double[] v = new double[nodes.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode n = field.apply(nodes.get(i));
            v[i] = n.isNumber() ? n.asDouble() : Double.NaN;
        }
        return v;
    }

    /** The standard error of the mean: sample standard deviation / √n (NaN below two values). */
    static double standardError(double[] v) {
        return v.length < 2 ? Double.NaN : Math.sqrt(StatUtils.variance(v) / v.length);
    }
}
