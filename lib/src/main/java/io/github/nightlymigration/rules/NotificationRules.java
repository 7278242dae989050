package io.github.nightlymigration.rules;

import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.translate.IdKind;
import java.util.UUID;

/**
 * notifications -> notifications. The user is required (missing: rejected); notable_type
 * 'Order' gives request_id (an order that does not exist: NULL, reported); link_controller and
 * link_action give the link {@code /<controller>/<action>}, or NULL without a controller.
 */
public final class NotificationRules {
    private NotificationRules() {}

    public static void migrate(NotificationsRecord n, RuleContext ctx, Emitter out) {
        int oldId = n.getId();
        UUID user = ctx.directory.user(n.getUserId());
        if (user == null) {
            ctx.reject(n, oldId, "user " + n.getUserId() + " does not exist");
            return;
        }
        UUID request = null;
        if ("Order".equals(n.getNotableType())) {
            request = ctx.directory.request(n.getNotableId());
            if (request == null && n.getNotableId() != null) {
                ctx.warn(n, oldId, "notable order does not exist: request_id NULL");
            }
        } else if (!n.getNotableType().isEmpty()) {
            ctx.warn(n, oldId, "notable_type other than 'Order' ignored: request_id NULL");
        }
        Timestamps at = Timestamps.of(n.getCreatedAt(), n.getUpdatedAt(), n, oldId, ctx);
        out.emit(ctx.newRow(io.github.nightlymigration.newapp.db.Tables.NOTIFICATIONS)
                .setId(ctx.ids.bigint(IdKind.NOTIFICATION, oldId))
                .setUserId(user)
                .setRequestId(request)
                .setTitle(n.getTitle())
                .setBody(n.getMessage())
                .setRead(n.getRead())
                .setLink(link(n.getLinkController(), n.getLinkAction()))
                .setInsertedAt(at.inserted())
                .setUpdatedAt(at.updated()));
        ctx.written(n);
    }

    static String link(String controller, String action) {
        if (controller == null || controller.isEmpty()) return null;
        return action == null || action.isEmpty() ? "/" + controller : "/" + controller + "/" + action;
    }
}
