package com.kubetrader.plan;

public record Route(RouteDestination destination, RouteTarget target) {

    public boolean isDefaultRoute() {
        return destination instanceof RouteDestination.Block b && b.cidr().equals(RouteDestination.ANYWHERE);
    }

    @Override
    public String toString() {
        return destination.describe() + " -> " + target.describe();
    }
}
