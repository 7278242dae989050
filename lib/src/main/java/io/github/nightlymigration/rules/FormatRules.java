package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.REQUEST_FORMATS;

import io.github.nightlymigration.legacy.db.tables.records.OrdersRecord;
import io.github.nightlymigration.translate.IdKind;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** orders.needs (hstore) -> request_formats: one row per key, keyed by order + format; '' details -> NULL. */
public final class FormatRules {
    private FormatRules() {}

    static void migrate(OrdersRecord order, UUID requestId, Emitter out, RuleContext ctx) {
        for (Map.Entry<String, String> need : new TreeMap<>(EventJson.data(order.getNeeds())).entrySet()) {
            out.emit(ctx.newRow(REQUEST_FORMATS)
                    .setId(ctx.ids.bigint(IdKind.REQUEST_FORMAT, order.getId(), need.getKey()))
                    .setRequestId(requestId)
                    .setFormat(need.getKey())
                    .setDetails(UserRules.blankToNull(need.getValue())));
        }
    }
}
