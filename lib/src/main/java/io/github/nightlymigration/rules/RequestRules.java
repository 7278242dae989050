package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;

import io.github.nightlymigration.legacy.db.tables.records.OrdersRecord;
import io.github.nightlymigration.translate.IdKind;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * orders -> requests, plus the rows derived from parts of an order: request_formats
 * ({@link FormatRules}), approvals ({@link ApprovalRules}) and subscriptions
 * ({@link SubscriptionRules}). Owner, creative and organization ids that point at nothing become
 * NULL and are reported; an unknown type or status rejects the order.
 */
public final class RequestRules {
    static final Map<String, String> KINDS = Map.of("GraphicOrder", "graphics", "WebOrder", "web", "VideoOrder", "video");
    static final Set<String> STATUSES = Set.of("unapproved", "unclaimed", "claimed", "complete");

    private RequestRules() {}

    public static void migrate(OrdersRecord order, RuleContext ctx, Emitter out) {
        int oldId = order.getId();
        String kind = order.getType() == null ? null : KINDS.get(order.getType());
        String status = order.getStatus() == null ? null : order.getStatus().toLowerCase(Locale.ROOT);
        if (kind == null) {
            ctx.reject(order, oldId, "unknown type " + UserRules.quoted(order.getType()));
            return;
        }
        if (status == null || !STATUSES.contains(status)) { // Set.of(...).contains(null) throws
            ctx.reject(order, oldId, "unknown status " + UserRules.quoted(order.getStatus()));
            return;
        }
        UUID id = ctx.ids.uuid(IdKind.REQUEST, oldId);
        Timestamps at = Timestamps.of(order.getCreatedAt(), order.getUpdatedAt(), order, oldId, ctx);
        out.emit(ctx.newRow(REQUESTS)
                .setId(id)
                .setKind(kind)
                .setTitle(notNull(order.getName(), order, "name", ctx))
                .setDescription(notNull(order.getDescription(), order, "description", ctx))
                .setDueOn(order.getDue())
                .setStatus(status)
                .setProgress(UserRules.blankToNull(order.getProgress()))
                .setEvent(EventJson.of(order, ctx))
                .setOwnerId(user(order.getOwnerId(), order, "owner_id", ctx))
                .setGroupId(group(order, ctx))
                .setAssigneeId(user(order.getCreativeId(), order, "creative_id", ctx))
                .setCompletedAt(order.getCompletedAt())
                .setInsertedAt(at.inserted())
                .setUpdatedAt(at.updated()));
        ctx.directory.addRequest(oldId, id);
        ctx.written(order);
        FormatRules.migrate(order, id, out, ctx);
        ApprovalRules.migrate(order, id, out, ctx);
        SubscriptionRules.migrate(order, id, out, ctx);
    }

    private static UUID user(Integer oldUserId, OrdersRecord order, String column, RuleContext ctx) {
        UUID user = ctx.directory.user(oldUserId);
        if (user == null && oldUserId != null) ctx.warn(order, order.getId(), column + " points at no user: set to NULL");
        return user;
    }

    private static Long group(OrdersRecord order, RuleContext ctx) {
        Long group = ctx.directory.group(order.getOrganizationId());
        if (group == null && order.getOrganizationId() != null) {
            ctx.warn(order, order.getId(), "organization_id points at no organization: set to NULL");
        }
        return group;
    }

    private static String notNull(String value, OrdersRecord order, String column, RuleContext ctx) {
        if (value != null) return value;
        ctx.warn(order, order.getId(), column + " NULL: set to ''");
        return "";
    }
}
