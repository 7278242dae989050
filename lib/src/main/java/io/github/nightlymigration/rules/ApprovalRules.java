package io.github.nightlymigration.rules;

import static io.github.nightlymigration.newapp.db.Tables.APPROVALS;

import io.github.nightlymigration.legacy.db.tables.records.OrdersRecord;
import io.github.nightlymigration.translate.IdKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * orders.student_approval_id / advisor_approval_id / final_one_id / final_two_id -> approvals
 * with stage student / advisor / final_one / final_two, keyed by order + stage. NULL makes no
 * row; an id of a user that does not exist makes no row and is reported.
 */
public final class ApprovalRules {
    private ApprovalRules() {}

    static void migrate(OrdersRecord order, UUID requestId, Emitter out, RuleContext ctx) {
        Map<String, Integer> stages = new LinkedHashMap<>();
        stages.put("student", order.getStudentApprovalId());
        stages.put("advisor", order.getAdvisorApprovalId());
        stages.put("final_one", order.getFinalOneId());
        stages.put("final_two", order.getFinalTwoId());
        stages.forEach((stage, oldUserId) -> {
            if (oldUserId == null) return;
            UUID user = ctx.directory.user(oldUserId);
            if (user == null) {
                ctx.warn(order, order.getId(), "approval by a user that does not exist: no approval row");
                return;
            }
            out.emit(ctx.newRow(APPROVALS)
                    .setId(ctx.ids.bigint(IdKind.APPROVAL, order.getId(), stage))
                    .setRequestId(requestId)
                    .setUserId(user)
                    .setStage(stage));
        });
    }
}
