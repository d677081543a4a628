package com.kubetrader.plan.fleet;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;

import java.util.Map;

/** One AZ under test: its public subnet and its instance, named by the AZ ID, never the AZ name. */
public record FleetZone(AzId azId, String azName, Cidr subnetCidr, String subnetResource,
                        String associationResource, String instanceResource, Map<String, String> tags,
                        java.util.Optional<String> placementGroup) {
    public FleetZone {
        tags = Map.copyOf(tags);
    }

    public Map<String, String> subnetTags() {
        return Map.of("Name", subnetResource, FleetPlanner.AZ_ID_TAG, azId.value());
    }

    public String stateResource(FleetPlan.DeclaredState state) {
        return instanceResource + state.resourceSuffix();
    }
}
