package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.SUBSCRIPTIONS;

import io.github.nightlymigration.legacy.db.tables.records.OrdersRecord;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** orders.subscriptions (integer[]) -> subscriptions: duplicates removed, missing users dropped and counted. */
public final class SubscriptionRules {
    private SubscriptionRules() {}

    static void migrate(OrdersRecord order, UUID requestId, Emitter out, RuleContext ctx) {
        Integer[] subscribers = order.getSubscriptions();
        if (subscribers == null) return;
        Set<UUID> users = new LinkedHashSet<>();
        for (Integer oldUserId : subscribers) {
            UUID user = ctx.directory.user(oldUserId);
            if (user == null) {
                ctx.warn(order, order.getId(), "subscription of a user that does not exist dropped");
            } else if (!users.add(user)) {
                ctx.warn(order, order.getId(), "duplicate subscription removed");
            }
        }
        users.forEach(user -> out.emit(ctx.newRow(SUBSCRIPTIONS).setRequestId(requestId).setUserId(user)));
    }
}
