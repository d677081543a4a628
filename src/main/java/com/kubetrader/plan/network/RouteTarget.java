package com.kubetrader.plan.network;

/** Where a route sends traffic. Closed: the component knows how to declare each. */
public sealed interface RouteTarget {

    /** A short label for tables and diagrams. */
    String describe();

    default boolean reachesInternet() {
        return false;
    }

    /** The VPC's implicit local route; listed for readers and invariants, never declared. */
    record Local() implements RouteTarget {
        public String describe() {
            return "local";
        }
    }

    record InternetGateway() implements RouteTarget {
        public String describe() {
            return "igw";
        }

        public boolean reachesInternet() {
            return true;
        }
    }

    /** The NAT gateway of a slot ({@link NatPlan#PRIMARY} or {@link NatPlan#STANDBY}). */
    record NatGateway(String slot) implements RouteTarget {
        public String describe() {
            return slot.equals(NatPlan.PRIMARY) ? "nat" : "nat-" + slot;
        }

        public boolean reachesInternet() {
            return true;
        }
    }

    /** The fixed network interface of a slot's NAT instance. */
    record NatInstance(String slot) implements RouteTarget {
        public String describe() {
            return slot.equals(NatPlan.PRIMARY) ? "nat-instance" : "nat-instance-" + slot;
        }

        public boolean reachesInternet() {
            return true;
        }
    }

    record VpcPeering(String peeringConnectionId) implements RouteTarget {
        public String describe() {
            return peeringConnectionId;
        }
    }

    /** A gateway endpoint; AWS adds the prefix-list route when the endpoint is associated. */
    record GatewayEndpoint(GatewayEndpointService service) implements RouteTarget {
        public String describe() {
            return "vpce-" + service.shortName();
        }
    }
}
