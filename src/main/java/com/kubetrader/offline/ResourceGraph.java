package com.kubetrader.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declared resources as a graph: parent/child by URN, and the references between resources
 * resolved through the IDs the simulated account gave them (a route's routeTableId is a route
 * table, a NAT's subnetId a subnet). Everything is ordered, so every rendering is deterministic.
 */
public final class ResourceGraph {

    /** Resources sorted by URN: the stable order of the JSON plan. */
    private final List<PlannedResource> resources;
    private final Map<String, PlannedResource> byUrn = new LinkedHashMap<>();
    private final Map<String, PlannedResource> byId = new LinkedHashMap<>();
    private final Map<String, List<PlannedResource>> children = new LinkedHashMap<>();
    private final Map<String, String> azNamesById;

    public ResourceGraph(List<PlannedResource> declared, Map<String, String> azNamesById) {
        this.resources = declared.stream().sorted(Comparator.comparing(PlannedResource::urn)).toList();
        this.azNamesById = Map.copyOf(azNamesById);
        for (PlannedResource r : resources) {
            byUrn.put(r.urn(), r);
            r.id().ifPresent(id -> byId.putIfAbsent(id, r));
        }
        for (PlannedResource r : resources) {
            String parent = r.parentUrn() == null ? "" : r.parentUrn();
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(r);
        }
        children.values().forEach(list -> list.sort(TREE_ORDER));
    }

    /** Custom resources before components, then by type, then by name. */
    private static final Comparator<PlannedResource> TREE_ORDER = Comparator
            .comparing((PlannedResource r) -> !r.custom())
            .thenComparing(PlannedResource::type)
            .thenComparing(PlannedResource::name);

    public List<PlannedResource> resources() {
        return resources;
    }

    public List<PlannedResource> roots() {
        return resources.stream().filter(r -> r.parentUrn() == null || r.parentUrn().isEmpty()
                || !byUrn.containsKey(r.parentUrn())).sorted(TREE_ORDER).toList();
    }

    public List<PlannedResource> children(PlannedResource parent) {
        return children.getOrDefault(parent.urn(), List.of());
    }

    public List<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Optional<PlannedResource> byId(Object id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id.toString()));
    }

    public Optional<PlannedResource> byUrn(String urn) {
        return Optional.ofNullable(byUrn.get(urn));
    }

    /** The resource an input refers to by ID (subnetId, routeTableId, ...), if declared here. */
    public Optional<PlannedResource> ref(PlannedResource r, String inputKey) {
        return byId(r.inputs().get(inputKey));
    }

    /** The resources a list input refers to (subnetIds, routeTableIds, ...), in list order. */
    public List<PlannedResource> refs(PlannedResource r, String inputKey) {
        Object value = r.inputs().get(inputKey);
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<PlannedResource> out = new ArrayList<>();
        for (Object item : list) {
            byId(item).ifPresent(out::add);
        }
        return out;
    }

    /** A reference shown to a human: the declared resource's name, or the raw value. */
    public String describeRef(Object value) {
        if (value == null) {
            return "";
        }
        return byId(value).map(PlannedResource::name).orElse(value.toString());
    }

    /** The simulated account's name for an AZ ID (ap-northeast-1a for apne1-az4 in the seed account). */
    public Optional<String> azName(String azId) {
        return Optional.ofNullable(azNamesById.get(azId));
    }

    /** The AZ ID behind an AZ name in the simulated account. */
    public Optional<String> azIdOfName(String azName) {
        return azNamesById.entrySet().stream().filter(e -> e.getValue().equals(azName)).map(Map.Entry::getKey).findFirst();
    }

    /** The subnets a route table is associated with. */
    public List<PlannedResource> subnetsOfRouteTable(PlannedResource table) {
        List<PlannedResource> out = new ArrayList<>();
        for (PlannedResource a : ofType(Types.ROUTE_TABLE_ASSOCIATION)) {
            if (table.id().isPresent() && table.id().get().equals(String.valueOf(a.inputs().get("routeTableId")))) {
                ref(a, "subnetId").ifPresent(out::add);
            }
        }
        return out;
    }

    /** The AZ ID a resource sits in: its own availabilityZoneId, its AZ name's ID, or its subnet's AZ. */
    public Optional<String> azIdOf(PlannedResource r) {
        Object id = r.inputs().get("availabilityZoneId");
        if (id != null) {
            return Optional.of(id.toString());
        }
        Optional<PlannedResource> subnet = ref(r, "subnetId");
        if (subnet.isPresent() && subnet.get() != r) {
            return azIdOf(subnet.get());
        }
        Object name = r.inputs().get("availabilityZone");
        return name == null ? Optional.empty() : azIdOfName(name.toString());
    }

    /** The resource type tokens the renderers know by name. */
    public static final class Types {
        public static final String STACK = "pulumi:pulumi:Stack";
        public static final String VPC = "aws:ec2/vpc:Vpc";
        public static final String SUBNET = "aws:ec2/subnet:Subnet";
        public static final String INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";
        public static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
        public static final String ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
        public static final String ROUTE = "aws:ec2/route:Route";
        public static final String NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
        public static final String EIP = "aws:ec2/eip:Eip";
        public static final String VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
        public static final String INSTANCE = "aws:ec2/instance:Instance";
        public static final String PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection";
        public static final String NETWORK_INTERFACE = "aws:ec2/networkInterface:NetworkInterface";
        public static final String LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

        private Types() {
        }
    }
}
