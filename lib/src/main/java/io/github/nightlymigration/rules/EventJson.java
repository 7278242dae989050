package io.github.nightlymigration.rules;

import io.github.nightlymigration.legacy.db.tables.records.OrdersRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.JSONB;
import org.jooq.postgres.extensions.types.Hstore;
import tools.jackson.databind.json.JsonMapper;

/**
 * orders.event (hstore) -> requests.event (jsonb): exactly the new app's four fields, with the
 * old "accomodations" spelling fixed and blank values left out; any other key is left out and
 * counted as a warning.
 */
public final class EventJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** old hstore key -> new json field, in the order the fields are written. */
    private static final Map<String, String> FIELDS = Map.of(
            "time", "time", "location", "location", "contact", "contact", "accomodations", "accommodations");
    private static final String[] ORDER = {"time", "location", "contact", "accomodations"};

    private EventJson() {}

    public static JSONB of(OrdersRecord order, RuleContext ctx) {
        Map<String, String> event = data(order.getEvent());
        Map<String, String> json = new LinkedHashMap<>();
        for (String key : ORDER) {
            String value = event.get(key);
            if (value != null && !value.isBlank()) json.put(FIELDS.get(key), value);
        }
        for (String key : event.keySet()) {
            if (!FIELDS.containsKey(key)) ctx.warn(order, order.getId(), "event key other than time/location/contact/accomodations left out");
        }
        return JSONB.valueOf(JSON.writeValueAsString(json));
    }

    static Map<String, String> data(Hstore hstore) {
        return hstore == null ? Map.of() : hstore.data();
    }
}
