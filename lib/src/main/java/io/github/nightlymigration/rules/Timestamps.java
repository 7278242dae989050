package io.github.nightlymigration.rules;

import java.time.LocalDateTime;
import org.jooq.TableRecord;

/**
 * The timestamp rule: copied exactly as stored; a NULL one takes the other; if both are NULL
 * the start time of the first run that saw the row is used (kept from night to night, so an unchanged
 * old row stays an unchanged new row) and the row is counted in the report.
 */
public record Timestamps(LocalDateTime inserted, LocalDateTime updated) {

    public static Timestamps of(LocalDateTime createdAt, LocalDateTime updatedAt, TableRecord<?> oldRow, long oldId,
            RuleContext ctx) {
        if (createdAt == null && updatedAt == null) {
            ctx.warn(oldRow, oldId, "created_at and updated_at both NULL: set to the first run's start time");
            LocalDateTime first = ctx.firstStamp(oldRow, oldId);
            return new Timestamps(first, first);
        }
        if (createdAt == null) ctx.warn(oldRow, oldId, "created_at NULL: took updated_at");
        if (updatedAt == null) ctx.warn(oldRow, oldId, "updated_at NULL: took created_at");
        return new Timestamps(createdAt != null ? createdAt : updatedAt, updatedAt != null ? updatedAt : createdAt);
    }
}
