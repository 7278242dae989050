package io.github.nightlymigration.rules;

import io.github.nightlymigration.legacy.db.tables.records.OrdersRecord;
import java.util.Map;
import org.jooq.JSONB;
import org.jooq.postgres.extensions.types.Hstore;

/**
 * orders.event (hstore) -> requests.event (jsonb): exactly the new app's four fields, with the
 * old "accomodations" spelling fixed and blank values left out; any other key is left out and
 * counted as a warning.
 */
public final class EventJson {
    /** old hstore key -> new json field, in the order the fields are written. */
    private static final Map<String, String> FIELDS = Map.of(
            "time", "time", "location", "location", "contact", "contact", "accomodations", "accommodations");
    private static final String[] ORDER = {"time", "location", "contact", "accomodations"};

    private EventJson() {}

    public static JSONB of(OrdersRecord order, RuleContext ctx) {
        Map<String, String> event = data(order.getEvent());
        StringBuilder json = new StringBuilder("{");
        for (String key : ORDER) {
            String value = event.get(key);
            if (value == null || value.isBlank()) continue;
            if (json.length() > 1) json.append(", ");
            quoted(json, FIELDS.get(key)).append(": ");
            quoted(json, value);
        }
        for (String key : event.keySet()) {
            if (!FIELDS.containsKey(key)) ctx.warn(order, order.getId(), "event key other than time/location/contact/accomodations left out");
        }
        return JSONB.valueOf(json.append('}').toString());
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped, everything else as it is. */
    static StringBuilder quoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }

    static Map<String, String> data(Hstore hstore) {
        return hstore == null ? Map.of() : hstore.data();
    }
}
