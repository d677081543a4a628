package com.kubetrader.plan.network;

import com.kubetrader.plan.Cidr;

/** What a route matches: a CIDR block, or the prefix list AWS manages for a gateway endpoint. */
public sealed interface RouteDestination {

    Cidr ANYWHERE = Cidr.parse("0.0.0.0/0");

    String describe();

    static RouteDestination anywhere() {
        return new Block(ANYWHERE);
    }

    record Block(Cidr cidr) implements RouteDestination {
        public String describe() {
            return cidr.toString();
        }
    }

    record PrefixList(GatewayEndpointService service) implements RouteDestination {
        public String describe() {
            return "pl-" + service.shortName();
        }
    }
}
