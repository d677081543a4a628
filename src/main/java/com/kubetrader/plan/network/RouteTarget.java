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

    record NatGateway() implements RouteTarget {
        public String describe() {
            return "nat";
        }

        public boolean reachesInternet() {
            return true;
        }
    }

    /** The NAT instance's fixed network interface. */
    record NatInstance() implements RouteTarget {
        public String describe() {
            return "nat-instance";
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
