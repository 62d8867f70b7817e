package io.routewise.training;

import io.routewise.classifier.RoutingWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Averages the logged models' routing-weight rows into one row per capability tier. Each model
 * counts once, however many requests it answered: a tier's row should describe a typical model
 * of the tier, not whichever one the logs happen to hold most of (GPT-4 has 14k outcomes in the
 * shared data, Llama-3.3-70B 511). A cell's {@code n} is the total behind the averaged cells.
 */
final class TierRows {

    private TierRows() {
    }

    static Map<Integer, RoutingWeights.TierWeights> of(Map<String, RoutingWeights.ModelWeights> models, List<String> classes,
                                                       ModelTiers table) {
        Map<Integer, List<String>> members = new TreeMap<>();
        for (String model : models.keySet()) {
            OptionalInt tier = table.tierOf(model);
            if (tier.isPresent()) {
                members.computeIfAbsent(tier.getAsInt(), t -> new ArrayList<>()).add(model);
            }
        }
        Map<Integer, RoutingWeights.TierWeights> rows = new TreeMap<>();
        for (Map.Entry<Integer, List<String>> e : members.entrySet()) {
            List<String> ids = e.getValue();
            double prior = 0;
            for (String id : ids) {
                prior += models.get(id).prior() / ids.size();
            }
            Map<String, RoutingWeights.ClassWeight> cells = new TreeMap<>();
            for (String cls : classes) {
                double mean = 0;
                long n = 0;
                for (String id : ids) {
                    RoutingWeights.ModelWeights w = models.get(id);
                    RoutingWeights.ClassWeight cell = w.classes().get(cls);
                    mean += (cell == null ? w.prior() : cell.expectedOutcome()) / ids.size();
                    n += cell == null ? 0 : cell.n();
                }
                cells.put(cls, new RoutingWeights.ClassWeight(mean, n));
            }
            rows.put(e.getKey(), new RoutingWeights.TierWeights(ids, prior, cells));
        }
        return rows;
    }

    /** The logged models the table does not list (neither tiered nor excluded): worth a look. */
    static List<String> unlisted(Map<String, RoutingWeights.ModelWeights> models, ModelTiers table) {
        return models.keySet().stream().filter(m -> !table.lists(m)).toList();
    }
}
