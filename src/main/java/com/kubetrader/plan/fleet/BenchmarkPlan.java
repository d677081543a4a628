package com.kubetrader.plan.fleet;

import java.util.Optional;

/** The benchmark's two independent parts: the results bucket and the fleet that fills it. */
public record BenchmarkPlan(Optional<ResultsBucketPlan> results, Optional<FleetPlan> fleet) {
}
