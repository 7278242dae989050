package io.github.nightlymigration.rules;

import static io.github.nightlymigration.legacy.db.Tables.ASSIGNMENTS;
import static io.github.nightlymigration.legacy.db.Tables.ORDERS;
import static io.github.nightlymigration.legacy.db.Tables.ORGANIZATIONS;
import static io.github.nightlymigration.newapp.db.Tables.APPROVALS;
import static io.github.nightlymigration.newapp.db.Tables.ATTACHMENTS;
import static io.github.nightlymigration.newapp.db.Tables.GROUPS;
import static io.github.nightlymigration.newapp.db.Tables.MEMBERSHIPS;
import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUEST_EVENTS;
import static io.github.nightlymigration.newapp.db.Tables.REQUEST_FORMATS;
import static io.github.nightlymigration.newapp.db.Tables.SUBSCRIPTIONS;

import io.github.nightlymigration.engine.Step;
import io.github.nightlymigration.legacy.db.Tables;
import io.github.nightlymigration.translate.IdKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Table;

/**
 * CreativeQ -> new app: which old table feeds which new tables, in an order where every
 * referenced row is written before the rows that reference it.
 */
public final class MigrationPlan {
    private MigrationPlan() {}

    public static final List<Step<?>> STEPS = List.of(
            Step.perRow(ORGANIZATIONS, ORGANIZATIONS.ID, GroupRules::migrate, GROUPS),
            Step.wholeTable(Tables.USERS, Tables.USERS.ID, UserRules::migrate,
                    io.github.nightlymigration.newapp.db.Tables.USERS),
            Step.wholeTable(ASSIGNMENTS, ASSIGNMENTS.ID, MembershipRules::migrate, MEMBERSHIPS),
            Step.perRow(ORDERS, ORDERS.ID, RequestRules::migrate, REQUESTS, REQUEST_FORMATS, APPROVALS, SUBSCRIPTIONS),
            Step.perRow(Tables.COMMENTS, Tables.COMMENTS.ID, CommentRules::migrate,
                    io.github.nightlymigration.newapp.db.Tables.COMMENTS, REQUEST_EVENTS, ATTACHMENTS),
            Step.perRow(Tables.NOTIFICATIONS, Tables.NOTIFICATIONS.ID, NotificationRules::migrate,
                    io.github.nightlymigration.newapp.db.Tables.NOTIFICATIONS));

    /** Tables with a bigint identity, and the translator kind whose ids fill them (for the sequences). */
    public static final Map<Table<?>, IdKind> BIGINT_IDS = bigintIds();

    public static List<Table<?>> oldTables() {
        return STEPS.stream().<Table<?>>map(Step::oldTable).toList();
    }

    /** Every new table, parents before children. */
    public static List<Table<?>> newTables() {
        return STEPS.stream().flatMap(s -> s.newTables().stream()).toList();
    }

    private static Map<Table<?>, IdKind> bigintIds() {
        Map<Table<?>, IdKind> ids = new LinkedHashMap<>();
        ids.put(GROUPS, IdKind.GROUP);
        ids.put(MEMBERSHIPS, IdKind.MEMBERSHIP);
        ids.put(REQUEST_FORMATS, IdKind.REQUEST_FORMAT);
        ids.put(APPROVALS, IdKind.APPROVAL);
        ids.put(io.github.nightlymigration.newapp.db.Tables.COMMENTS, IdKind.COMMENT);
        ids.put(REQUEST_EVENTS, IdKind.REQUEST_EVENT);
        ids.put(io.github.nightlymigration.newapp.db.Tables.NOTIFICATIONS, IdKind.NOTIFICATION);
        return Map.copyOf(ids);
    }
}
