package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.GROUPS;

import io.github.nightlymigration.legacy.db.tables.records.OrganizationsRecord;
import io.github.nightlymigration.translate.IdKind;

/** organizations -> groups, renumbered by the translator; the name as is. */
public final class GroupRules {
    private GroupRules() {}

    public static void migrate(OrganizationsRecord org, RuleContext ctx, Emitter out) {
        long id = ctx.ids.bigint(IdKind.GROUP, org.getId());
        String name = org.getName();
        if (name == null) {
            ctx.warn(org, org.getId(), "name NULL: set to ''");
            name = "";
        }
        Timestamps at = Timestamps.of(org.getCreatedAt(), org.getUpdatedAt(), org, org.getId(), ctx);
        out.emit(ctx.newRow(GROUPS).setId(id).setName(name).setInsertedAt(at.inserted()).setUpdatedAt(at.updated()));
        ctx.directory.addGroup(org.getId(), id);
        ctx.written(org);
    }
}
