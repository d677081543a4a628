package com.kubetrader.plan.network;

import com.kubetrader.plan.Cidr;

/** One security-group rule, declared as its own resource so each shows up in a preview diff. */
public record SecurityRule(String name, SecurityGroupRole group, Direction direction, Protocol protocol,
                           int fromPort, int toPort, Peer peer, String description) {

    public enum Direction { INGRESS, EGRESS }

    public enum Protocol {
        TCP("tcp"), ALL("-1");

        private final String awsName;

        Protocol(String awsName) {
            this.awsName = awsName;
        }

        public String awsName() {
            return awsName;
        }
    }

    /** The other side of a rule. */
    public sealed interface Peer {
        String describe();

        record Block(Cidr cidr) implements Peer {
            public String describe() {
                return cidr.toString();
            }
        }

        record Group(SecurityGroupRole group) implements Peer {
            public String describe() {
                return "sg-" + group.slug();
            }
        }
    }

    public boolean coversPort(int port) {
        return protocol == Protocol.ALL || (fromPort <= port && port <= toPort);
    }

    public boolean isFromAnywhere() {
        return direction == Direction.INGRESS && peer instanceof Peer.Block b && b.cidr().prefix() == 0;
    }

    public String ports() {
        if (protocol == Protocol.ALL) {
            return "all";
        }
        return fromPort == toPort ? Integer.toString(fromPort) : fromPort + "-" + toPort;
    }
}
