package com.kubetrader.offline;

import com.kubetrader.offline.ResourceGraph.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The topology as a Mermaid flowchart, drawn from the declared resources alone: each VPC, its
 * AZs as subgraphs (AZ ID and the account's name for it), subnets with CIDR and role, the
 * internet gateway, NAT gateways with their EIPs, endpoints, instances, and one arrow per route
 * from each subnet to its target (gateway endpoints to the subnets of their route tables).
 * Solid arrows are routes; dotted lines mean "sits in this subnet".
 */
public final class PlanMermaid {

    private PlanMermaid() {
    }

    public static String render(OfflineRun.Result result, Map<String, String> azNamesById) {
        ResourceGraph g = new ResourceGraph(result.resources(), azNamesById);
        Diagram d = new Diagram(g);
        return d.render();
    }

    private static final class Diagram {
        private final ResourceGraph g;
        private final StringBuilder out = new StringBuilder();
        private final List<String> edges = new ArrayList<>();
        private final Set<String> external = new LinkedHashSet<>();
        private final Set<PlannedResource> placed = new LinkedHashSet<>();

        Diagram(ResourceGraph g) {
            this.g = g;
        }

        String render() {
            out.append("flowchart TB\n");
            boolean anyIgw = !g.ofType(Types.INTERNET_GATEWAY).isEmpty();
            if (anyIgw) {
                out.append("  internet((\"Internet\"))\n");
            }
            for (PlannedResource vpc : g.ofType(Types.VPC)) {
                vpc(vpc);
            }
            List<PlannedResource> unplacedInstances = g.ofType(Types.INSTANCE).stream()
                    .filter(i -> !placed.contains(i)).toList();
            if (!unplacedInstances.isEmpty()) {
                zones("", "  ", List.of(), unplacedInstances);
            }
            for (PlannedResource igw : g.ofType(Types.INTERNET_GATEWAY)) {
                edges.add(id(igw) + " <--> internet");
            }
            idleAddresses();
            routes();
            external.forEach(line -> out.append(line).append('\n'));
            edges.forEach(e -> out.append("  ").append(e).append('\n'));
            return out.toString();
        }

        private void vpc(PlannedResource vpc) {
            out.append("  subgraph ").append(id(vpc)).append("[\"VPC ").append(vpc.name()).append(" · ")
                    .append(vpc.inputText("cidrBlock")).append("\"]\n");
            for (PlannedResource igw : inVpc(vpc, Types.INTERNET_GATEWAY)) {
                node("    ", igw, "[\"Internet gateway<br/>" + igw.name() + "\"]");
            }
            List<PlannedResource> subnets = inVpc(vpc, Types.SUBNET);
            List<PlannedResource> instances = g.ofType(Types.INSTANCE).stream()
                    .filter(i -> g.ref(i, "subnetId").map(subnets::contains).orElse(false)).toList();
            zones(id(vpc), "    ", subnets, instances);
            for (PlannedResource endpoint : inVpc(vpc, Types.VPC_ENDPOINT)) {
                if ("Gateway".equals(endpoint.inputText("vpcEndpointType"))) {
                    node("    ", endpoint, "[(\"gateway endpoint<br/>" + service(endpoint) + " · " + endpoint.name()
                            + "\")]");
                }
            }
            out.append("  end\n");
        }

        /** One subgraph per AZ, the AZ with the most subnets first. */
        private void zones(String scope, String indent, List<PlannedResource> subnets, List<PlannedResource> instances) {
            Map<String, List<PlannedResource>> byZone = new TreeMap<>();
            for (PlannedResource s : subnets) {
                byZone.computeIfAbsent(g.azIdOf(s).orElse("unknown"), k -> new ArrayList<>()).add(s);
            }
            for (PlannedResource i : instances) {
                byZone.computeIfAbsent(g.azIdOf(i).orElse("unknown"), k -> new ArrayList<>());
            }
            List<String> order = new ArrayList<>(byZone.keySet());
            order.sort(Comparator.comparing((String z) -> -byZone.get(z).size()).thenComparing(z -> z));
            for (String zone : order) {
                String label = zone + " · " + g.azName(zone).orElse("not offered in this account");
                out.append(indent).append("subgraph ").append(sanitize("az_" + scope + "_" + zone)).append("[\"")
                        .append(label).append("\"]\n");
                List<PlannedResource> zoneSubnets = new ArrayList<>(byZone.get(zone));
                zoneSubnets.sort(Comparator.comparing(s -> cidrOrder(s.inputText("cidrBlock"))));
                for (PlannedResource s : zoneSubnets) {
                    node(indent + "  ", s, "[\"" + s.name() + "<br/>" + s.inputText("cidrBlock") + "<br/>" + role(s) + "\"]");
                }
                for (PlannedResource s : zoneSubnets) {
                    inSubnet(indent + "  ", s);
                }
                for (PlannedResource i : instances) {
                    if (g.azIdOf(i).orElse("unknown").equals(zone)) {
                        node(indent + "  ", i, "[\"EC2 " + i.name() + "<br/>" + i.inputText("instanceType") + "\"]");
                        placed.add(i);
                        g.ref(i, "subnetId").ifPresent(s -> edges.add(id(s) + " -.- " + id(i)));
                    }
                }
                out.append(indent).append("end\n");
            }
        }

        /** What sits in a subnet: NAT gateways (with their EIP), a NAT instance's interface, endpoint ENIs. */
        private void inSubnet(String indent, PlannedResource subnet) {
            for (PlannedResource eni : g.ofType(Types.NETWORK_INTERFACE)) {
                // A forwarding interface (source/destination check off) is a NAT instance's.
                if (g.ref(eni, "subnetId").filter(subnet::equals).isPresent()
                        && Boolean.FALSE.equals(eni.inputs().get("sourceDestCheck"))) {
                    String type = g.ofType(Types.LAUNCH_TEMPLATE).stream().map(t -> t.inputText("instanceType"))
                            .findFirst().orElse("?");
                    node(indent, eni, "[\"NAT instance · fck-nat " + type + "<br/>interface " + eni.name()
                            + "<br/>" + instanceEip(eni).map(this::eipLabel).orElse("no EIP") + " at boot\"]");
                    edges.add(id(subnet) + " -.- " + id(eni));
                }
            }
            for (PlannedResource nat : g.ofType(Types.NAT_GATEWAY)) {
                if (g.ref(nat, "subnetId").filter(subnet::equals).isPresent()) {
                    String eip = g.ref(nat, "allocationId").map(this::eipLabel).orElse("private NAT, no EIP");
                    node(indent, nat, "[\"NAT gateway " + nat.name() + "<br/>" + eip + "\"]");
                    edges.add(id(subnet) + " -.- " + id(nat));
                }
            }
            for (PlannedResource endpoint : g.ofType(Types.VPC_ENDPOINT)) {
                if (!"Gateway".equals(endpoint.inputText("vpcEndpointType"))
                        && g.refs(endpoint, "subnetIds").contains(subnet)) {
                    String nodeId = id(endpoint) + "_" + id(subnet);
                    out.append(indent).append(nodeId).append("[/\"interface endpoint<br/>").append(service(endpoint))
                            .append(" · ").append(endpoint.name()).append("\"/]\n");
                    edges.add(id(subnet) + " -.- " + nodeId);
                }
            }
        }

        /**
         * An address no NAT holds: the primary one in natMode none (kept for a switch back), the standby one until an
         * evacuation (whitelisted in advance).
         */
        private void idleAddresses() {
            for (PlannedResource eip : g.ofType(Types.EIP)) {
                boolean held = g.ofType(Types.NAT_GATEWAY).stream()
                        .anyMatch(nat -> g.ref(nat, "allocationId").filter(eip::equals).isPresent())
                        || g.ofType(Types.NETWORK_INTERFACE).stream()
                        .anyMatch(eni -> instanceEip(eni).filter(eip::equals).isPresent());
                if (!held) {
                    node("  ", eip, "[\"" + eipLabel(eip) + "<br/>" + (eip.name().contains("standby")
                            ? "idle until an evacuation; whitelist it too" : "idle: no NAT, kept for a switch back")
                            + "\"]");
                }
            }
        }

        private String eipLabel(PlannedResource e) {
            return "EIP " + e.name() + (e.readId().isPresent() ? " (adopted)" : e.protect() ? " (protected)" : "");
        }

        /**
         * The EIP a NAT instance associates at boot: its launch template's user data names the interface
         * ({@code eni_id}) and the allocation ({@code eip_id}).
         */
        private java.util.Optional<PlannedResource> instanceEip(PlannedResource eni) {
            if (!Boolean.FALSE.equals(eni.inputs().get("sourceDestCheck")) || eni.id().isEmpty()) {
                return java.util.Optional.empty();
            }
            for (PlannedResource template : g.ofType(Types.LAUNCH_TEMPLATE)) {
                String userData;
                try {
                    userData = new String(java.util.Base64.getDecoder().decode(String.valueOf(
                            template.inputs().getOrDefault("userData", ""))), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (userData.contains("eni_id=" + eni.id().get() + "\n")) {
                    var m = java.util.regex.Pattern.compile("eip_id=(\\S+)").matcher(userData);
                    if (m.find()) {
                        String allocation = m.group(1);
                        return g.ofType(Types.EIP).stream().filter(e -> e.id().filter(allocation::equals).isPresent())
                                .findFirst();
                    }
                }
            }
            return java.util.Optional.empty();
        }

        /** One arrow per route, from every subnet of the route's table to the target. */
        private void routes() {
            List<PlannedResource> routes = new ArrayList<>(g.ofType(Types.ROUTE));
            List<String[]> lines = new ArrayList<>();
            for (PlannedResource route : routes) {
                Optional<PlannedResource> table = g.ref(route, "routeTableId");
                if (table.isEmpty()) {
                    continue;
                }
                String target = target(route);
                if (target == null) {
                    continue;
                }
                for (PlannedResource subnet : g.subnetsOfRouteTable(table.get())) {
                    lines.add(new String[] {subnet.inputText("cidrBlock"), id(subnet) + " -->|\""
                            + route.inputText("destinationCidrBlock") + "\"| " + target});
                }
            }
            for (PlannedResource endpoint : g.ofType(Types.VPC_ENDPOINT)) {
                if ("Gateway".equals(endpoint.inputText("vpcEndpointType"))) {
                    for (PlannedResource table : g.refs(endpoint, "routeTableIds")) {
                        for (PlannedResource subnet : g.subnetsOfRouteTable(table)) {
                            lines.add(new String[] {subnet.inputText("cidrBlock"), id(subnet) + " -->|\"pl-"
                                    + service(endpoint) + "\"| " + id(endpoint)});
                        }
                    }
                }
            }
            lines.sort(Comparator.comparing((String[] l) -> cidrOrder(l[0])).thenComparing(l -> l[1]));
            lines.forEach(l -> edges.add(l[1]));
        }

        private String target(PlannedResource route) {
            for (String key : List.of("gatewayId", "natGatewayId", "vpcEndpointId", "transitGatewayId",
                    "vpcPeeringConnectionId", "networkInterfaceId", "egressOnlyGatewayId")) {
                Object value = route.inputs().get(key);
                if (value == null) {
                    continue;
                }
                Optional<PlannedResource> declared = g.byId(value);
                if (declared.isPresent()) {
                    return id(declared.get());
                }
                String nodeId = sanitize("ext_" + value);
                external.add("  " + nodeId + "{{\"" + key.replace("Id", "") + "<br/>" + value + "\"}}");
                return nodeId;
            }
            return null;
        }

        private List<PlannedResource> inVpc(PlannedResource vpc, String type) {
            return g.ofType(type).stream().filter(r -> g.ref(r, "vpcId").filter(vpc::equals).isPresent()).toList();
        }

        private String role(PlannedResource subnet) {
            String reach = "isolated";
            for (PlannedResource table : g.ofType(Types.ROUTE_TABLE)) {
                if (!g.subnetsOfRouteTable(table).contains(subnet)) {
                    continue;
                }
                for (PlannedResource route : g.ofType(Types.ROUTE)) {
                    if (g.ref(route, "routeTableId").filter(table::equals).isEmpty()
                            || !"0.0.0.0/0".equals(route.inputText("destinationCidrBlock"))) {
                        continue;
                    }
                    Optional<PlannedResource> t = g.byId(route.inputs().get("gatewayId"));
                    if (t.isPresent() && t.get().type().equals(Types.INTERNET_GATEWAY)) {
                        reach = "public";
                    } else if (route.inputs().get("natGatewayId") != null) {
                        reach = "private · egress via NAT";
                    } else if (route.inputs().get("networkInterfaceId") != null) {
                        reach = "private · egress via NAT instance";
                    }
                }
            }
            Object tags = subnet.inputs().get("tags");
            if (tags instanceof Map<?, ?> map && map.get("kubetrader.io/role") != null) {
                Object role = map.get("kubetrader.io/role");
                if (reach.equals("isolated") && "workload-inactive".equals(role)) {
                    reach = "dormant · no route out until an evacuation"; // the standby workload subnet
                }
                return reach + " · role " + role;
            }
            return reach;
        }

        private void node(String indent, PlannedResource r, String shape) {
            out.append(indent).append(id(r)).append(shape).append('\n');
        }

        private static String service(PlannedResource endpoint) {
            String name = endpoint.inputText("serviceName");
            return name == null ? "?" : name.substring(name.lastIndexOf('.') + 1);
        }

        private static String id(PlannedResource r) {
            String type = r.type().substring(r.type().lastIndexOf(':') + 1);
            return sanitize(type + "_" + r.name());
        }

        private static String sanitize(String text) {
            return text.replaceAll("[^A-Za-z0-9_]", "_");
        }

        private static long cidrOrder(String cidr) {
            if (cidr == null) {
                return Long.MAX_VALUE;
            }
            try {
                return com.kubetrader.plan.Cidr.parse(cidr).first();
            } catch (IllegalArgumentException e) {
                return Long.MAX_VALUE;
            }
        }
    }
}
