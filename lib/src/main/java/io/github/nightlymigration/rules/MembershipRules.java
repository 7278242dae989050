package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.MEMBERSHIPS;

import io.github.nightlymigration.legacy.db.tables.records.AssignmentsRecord;
import io.github.nightlymigration.newapp.db.tables.records.MembershipsRecord;
import io.github.nightlymigration.translate.IdKind;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * assignments -> memberships. One membership per (new user, group): duplicates merge into the
 * lowest old id, keeping the advisor role if any of them has it. Assignments whose user or
 * organization does not exist are rejected.
 */
public final class MembershipRules {
    static final Set<String> ROLES = Set.of("member", "advisor");

    private MembershipRules() {}

    private record Key(UUID user, long group) {}

    public static void migrate(List<AssignmentsRecord> assignments, RuleContext ctx, Emitter out) {
        Map<Key, MembershipsRecord> memberships = new LinkedHashMap<>();
        assignments.sort(Comparator.comparing(AssignmentsRecord::getId));
        for (AssignmentsRecord a : assignments) {
            UUID user = ctx.directory.user(a.getUserId());
            Long group = ctx.directory.group(a.getOrganizationId());
            String role = a.getRole() == null ? null : a.getRole().toLowerCase(Locale.ROOT);
            if (user == null) {
                ctx.reject(a, a.getId(), "user " + a.getUserId() + " does not exist");
            } else if (group == null) {
                ctx.reject(a, a.getId(), "organization " + a.getOrganizationId() + " does not exist");
            } else if (role == null || !ROLES.contains(role)) { // Set.of(...).contains(null) throws
                ctx.reject(a, a.getId(), "unknown role " + UserRules.quoted(a.getRole()));
            } else {
                MembershipsRecord kept = memberships.get(new Key(user, group));
                if (kept == null) {
                    Timestamps at = Timestamps.of(a.getCreatedAt(), a.getUpdatedAt(), a, a.getId(), ctx);
                    memberships.put(new Key(user, group), ctx.newRow(MEMBERSHIPS)
                            .setId(ctx.ids.bigint(IdKind.MEMBERSHIP, a.getId()))
                            .setUserId(user)
                            .setGroupId(group)
                            .setRole(role)
                            .setInsertedAt(at.inserted())
                            .setUpdatedAt(at.updated()));
                    ctx.written(a);
                } else {
                    if (role.equals("advisor")) kept.setRole("advisor");
                    ctx.merged(a);
                    ctx.warn(a, a.getId(), "duplicate (same user, same group) merged into the lowest old id");
                }
            }
        }
        memberships.values().forEach(out::emit);
    }
}
