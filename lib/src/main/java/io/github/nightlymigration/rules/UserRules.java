package io.github.nightlymigration.rules;

import io.github.nightlymigration.legacy.db.tables.records.UsersRecord;
import io.github.nightlymigration.translate.IdKind;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * users -> users. Emails are trimmed; users whose emails differ only in case become one new
 * user: the most recent sign-in (else the lowest old id) wins the fields, every old id of the
 * group translates to the same new id, and the others are counted as merged.
 */
public final class UserRules {
    static final Set<String> ROLES = Set.of("unapproved", "basic", "creative", "admin", "retired");
    static final Set<String> FLAVORS = Set.of("graphics", "web", "video");

    private static final Comparator<UsersRecord> WINNER_FIRST = Comparator
            .comparing(UserRules::lastSignIn, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(UsersRecord::getId);

    private UserRules() {}

    /** Needs every old user at once: a merge can join any two rows. */
    public static void migrate(List<UsersRecord> oldUsers, RuleContext ctx, Emitter out) {
        Map<String, List<UsersRecord>> byEmail = new LinkedHashMap<>();
        for (UsersRecord user : oldUsers) {
            String role = user.getRole() == null ? null : user.getRole().toLowerCase(Locale.ROOT);
            if (role == null || !ROLES.contains(role)) { // Set.of(...).contains(null) throws
                ctx.reject(user, user.getId(), "unknown role " + quoted(user.getRole()));
                continue;
            }
            byEmail.computeIfAbsent(emailKey(user.getEmail()), k -> new ArrayList<>()).add(user);
        }
        for (List<UsersRecord> group : byEmail.values()) {
            migrateGroup(group, ctx, out);
        }
    }

    private static void migrateGroup(List<UsersRecord> group, RuleContext ctx, Emitter out) {
        group.sort(WINNER_FIRST);
        UsersRecord winner = group.get(0);
        UUID id = stableId(group, ctx);
        for (UsersRecord member : group) {
            ctx.ids.assign(IdKind.USER, member.getId(), id);
            ctx.directory.addUser(member.getId(), id, Directory.fullName(member.getFirstName(), member.getLastName()));
            if (member != winner) {
                ctx.merged(member);
                ctx.warn(member, member.getId(), "merged into the user whose email differs only in case");
            }
        }
        Timestamps at = Timestamps.of(winner.getCreatedAt(), winner.getUpdatedAt(), winner, winner.getId(), ctx);
        String flavor = blankToNull(winner.getFlavor());
        if (flavor != null) {
            flavor = flavor.toLowerCase(Locale.ROOT);
            if (!FLAVORS.contains(flavor)) {
                ctx.warn(winner, winner.getId(), "unknown flavor dropped");
                flavor = null;
            }
        }
        out.emit(ctx.newRow(io.github.nightlymigration.newapp.db.Tables.USERS)
                .setId(id)
                .setEmail(winner.getEmail().trim())
                .setFirstName(nullToEmpty(winner.getFirstName()))
                .setLastName(nullToEmpty(winner.getLastName()))
                .setRole(winner.getRole().toLowerCase(Locale.ROOT))
                .setFlavor(flavor)
                .setPhone(blankToNull(winner.getPhone()))
                .setBio(winner.getDescription())
                .setPasswordHash(blankToNull(winner.getEncryptedPassword()))
                .setSendEmails(winner.getSendEmails())
                .setLastSignInAt(winner.getLastSignInAt())
                .setInsertedAt(at.inserted())
                .setUpdatedAt(at.updated()));
        ctx.written(winner);
    }

    /**
     * The group keeps the id its lowest old id already has (so a winner changing between runs
     * does not re-key the user); a group seen for the first time gets a fresh id.
     */
    private static UUID stableId(List<UsersRecord> group, RuleContext ctx) {
        return group.stream()
                .sorted(Comparator.comparing(UsersRecord::getId))
                .map(u -> ctx.ids.existingUuid(IdKind.USER, u.getId()))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElseGet(() -> ctx.ids.uuid(IdKind.USER,
                        group.stream().mapToInt(UsersRecord::getId).min().orElseThrow()));
    }

    static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static LocalDateTime lastSignIn(UsersRecord user) {
        LocalDateTime current = user.getCurrentSignInAt();
        LocalDateTime last = user.getLastSignInAt();
        if (current == null) return last;
        if (last == null) return current;
        return current.isAfter(last) ? current : last;
    }

    static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String quoted(String s) {
        return s == null ? "NULL" : "'" + s + "'";
    }
}
