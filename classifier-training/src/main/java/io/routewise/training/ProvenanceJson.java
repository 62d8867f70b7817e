package io.routewise.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.FlatMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ListMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.MapMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ObjectMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.SimpleMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import io.routewise.json.Json;
import java.util.Map;

/**
 * Renders a Tribuo/OLCUT provenance as JSON through OLCUT's own marshalling: a list of objects,
 * each with its class and its fields; references between objects appear as {@code {"ref": id}}.
 * The same marshalled form can be turned back into a provenance with
 * {@code ProvenanceUtil.unmarshalProvenance}, so nothing is lost.
 */
final class ProvenanceJson {

    private ProvenanceJson() {
    }

    static ArrayNode toJson(ObjectProvenance provenance) {
        ArrayNode objects = Json.array();
        for (ObjectMarshalledProvenance obj : ProvenanceUtil.marshalProvenance(provenance)) {
            ObjectNode node = objects.addObject();
            node.put("id", obj.getName());
            node.put("object_class", obj.getObjectClassName());
            node.put("provenance_class", obj.getProvenanceClassName());
            ObjectNode fields = node.putObject("fields");
            for (Map.Entry<String, FlatMarshalledProvenance> e : obj.getMap().entrySet()) {
                put(fields, e.getKey(), e.getValue());
            }
        }
        return objects;
    }

    private static void put(ObjectNode parent, String key, FlatMarshalledProvenance value) {
        if (value instanceof SimpleMarshalledProvenance s) {
            if (s.isReference()) {
                parent.putObject(key).put("ref", s.getValue());
            } else {
                parent.put(key, s.getValue());
            }
        } else if (value instanceof ListMarshalledProvenance list) {
            ArrayNode array = parent.putArray(key);
            for (FlatMarshalledProvenance item : list) {
                add(array, item);
            }
        } else if (value instanceof MapMarshalledProvenance map) {
            ObjectNode obj = parent.putObject(key);
            for (Pair<String, FlatMarshalledProvenance> p : map) {
                put(obj, p.getA(), p.getB());
            }
        } else {
            parent.put(key, String.valueOf(value));
        }
    }

    private static void add(ArrayNode array, FlatMarshalledProvenance item) {
        ObjectNode holder = Json.object();
        put(holder, "v", item);
        array.add(holder.get("v"));
    }
}
