package com.kubetrader.plan.network;

public record Route(RouteDestination destination, RouteTarget target) {

    @Override
    public String toString() {
        return destination.describe() + " -> " + target.describe();
    }
}
