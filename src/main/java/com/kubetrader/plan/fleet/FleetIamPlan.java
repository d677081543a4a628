package com.kubetrader.plan.fleet;

import com.kubetrader.plan.IamPolicy;
import com.kubetrader.plan.IamStatement;
import java.util.List;
import java.util.Map;

/** The instances' role: SSM's managed core policy and one inline S3 policy, nothing else. */
public record FleetIamPlan(String roleResource, String profileResource, String managedAttachmentResource,
                           String inlinePolicyResource, String trustedService, List<String> managedPolicyArns,
                           List<IamStatement> statements) {

    public FleetIamPlan {
        managedPolicyArns = List.copyOf(managedPolicyArns);
        statements = List.copyOf(statements);
    }

    public String roleDescription() {
        return "kubetrader benchmark instances: SSM core, read scripts/, write results/";
    }

    public String assumeRolePolicyJson() {
        return IamPolicy.trust(trustedService, Map.of());
    }

    public String inlinePolicyJson() {
        return IamPolicy.of(statements);
    }
}
