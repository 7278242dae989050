package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.REQUESTS;
import static io.github.nightlymigration.newapp.db.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nightlymigration.report.RunReport;
import io.github.nightlymigration.support.MigrationFixture;
import io.github.nightlymigration.newapp.db.tables.records.UsersRecord;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class UserRulesTest extends MigrationFixture {

    @Test
    void fieldsAreNormalised() {
        insert(user(1).setEmail("  Ana@Example.org ").setRole("Creative").setFlavor("Graphics").setPhone("")
                .setEncryptedPassword("").setDescription("bio\nline").setLastSignInAt(T0.plusDays(1)).setSendEmails(false));
        migrate();
        UsersRecord u = target.selectFrom(USERS).fetchSingle();
        assertEquals("Ana@Example.org", u.getEmail());
        assertEquals("creative", u.getRole());
        assertEquals("graphics", u.getFlavor());
        assertNull(u.getPhone());
        assertNull(u.getPasswordHash());
        assertEquals("bio\nline", u.getBio());
        assertEquals(T0.plusDays(1), u.getLastSignInAt());
        assertEquals(false, u.getSendEmails());
        assertEquals(T0, u.getInsertedAt());
    }

    @Test
    void emptyFlavorBecomesNull() {
        insert(user(1).setFlavor(""));
        migrate();
        assertNull(target.selectFrom(USERS).fetchSingle().getFlavor());
    }

    @Test
    void emailsDifferingOnlyInCaseMergeIntoTheMostRecentSignIn() {
        insert(user(1).setEmail("sam@example.org").setFirstName("Old").setCurrentSignInAt(T0),
                user(2).setEmail("SAM@example.org ").setFirstName("Recent").setCurrentSignInAt(T0.plusDays(5)),
                order(10).setOwnerId(1).setCreativeId(2));
        RunReport report = migrate();
        UsersRecord u = target.selectFrom(USERS).fetchSingle();
        assertEquals("Recent", u.getFirstName());
        assertEquals("SAM@example.org", u.getEmail());
        var request = target.selectFrom(REQUESTS).fetchSingle();
        assertEquals(u.getId(), request.getOwnerId(), "the loser's old id translates to the merged user");
        assertEquals(u.getId(), request.getAssigneeId());
        assertEquals(1, report.account("users").merged());
        assertEquals(1, report.account("users").written());
    }

    @Test
    void withoutSignInsTheLowestOldIdWins() {
        insert(user(5).setEmail("x@example.org").setFirstName("Five"), user(3).setEmail("X@EXAMPLE.ORG").setFirstName("Three"));
        migrate();
        assertEquals("Three", target.selectFrom(USERS).fetchSingle().getFirstName());
    }

    @Test
    void mergedUserKeepsItsIdWhenTheWinnerChanges() {
        insert(user(1).setEmail("k@example.org").setCurrentSignInAt(T0), user(2).setEmail("K@example.org"));
        migrate();
        var first = target.selectFrom(USERS).fetchSingle().getId();
        legacy.update(io.github.nightlymigration.legacy.db.Tables.USERS)
                .set(io.github.nightlymigration.legacy.db.Tables.USERS.CURRENT_SIGN_IN_AT, T0.plusYears(1))
                .where(io.github.nightlymigration.legacy.db.Tables.USERS.ID.eq(2)).execute();
        migrate();
        assertEquals(first, target.selectFrom(USERS).fetchSingle().getId());
    }

    @Test
    void unknownRoleIsRejectedWithTheFullRow() throws Exception {
        insert(user(1).setRole("Moderator"), user(2));
        RunReport report = migrate();
        assertEquals(1, target.fetchCount(USERS));
        assertEquals(1, report.account("users").rejected());
        String rejects = Files.readString(report.runFolder().resolve("rejects.csv"));
        assertTrue(rejects.contains("unknown role 'Moderator'"), rejects);
        assertTrue(rejects.contains("user1@example.org"), "the full old row is listed: " + rejects);
    }
}
