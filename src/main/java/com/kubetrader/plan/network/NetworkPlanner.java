package com.kubetrader.plan.network;

import com.kubetrader.plan.AccountZones;
import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.settings.InvalidSettingsException;
import com.kubetrader.plan.settings.SettingError;

import com.kubetrader.plan.network.RouteDestination.Block;
import com.kubetrader.plan.network.RouteDestination.PrefixList;
import com.kubetrader.plan.network.SecurityRule.Direction;
import com.kubetrader.plan.network.SecurityRule.Peer;
import com.kubetrader.plan.network.SecurityRule.Protocol;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns validated settings and the account's zones into the complete network plan. Pure: the
 * same inputs always give the same plan, and nothing here knows about Pulumi.
 */
public final class NetworkPlanner {

    public static final String ROLE_TAG = "kubetrader.io/role";
    public static final String AZ_ID_TAG = "kubetrader.io/az-id";
    /** Tags the AWS Load Balancer Controller discovers subnets by. */
    public static final String PUBLIC_ELB_TAG = "kubernetes.io/role/elb";
    public static final String INTERNAL_ELB_TAG = "kubernetes.io/role/internal-elb";

    static final int HTTPS = 443;
    static final int HTTP = 80;
    static final int POSTGRES = 5432;

    /** Gateway endpoints attach to the tables that carry S3 and DynamoDB traffic: public and workload. */
    static final List<SubnetRole> GATEWAY_ENDPOINT_TABLES = List.of(SubnetRole.PUBLIC, SubnetRole.WORKLOAD,
            SubnetRole.STANDBY_WORKLOAD);

    private NetworkPlanner() {
    }

    /**
     * @param stack    the stack name, so two stacks in one account never share a log group
     * @param policies endpoint name to policy JSON, already read from the files the settings name
     * @param facts    the account ID, and the NAT AMI when natMode is instance
     * @throws InvalidSettingsException when an AZ ID does not exist for the account in the region, or the NAT
     *                                  instance's AMI is not arm64
     */
    public static NetworkPlan plan(String name, String stack, NetworkSettings settings, AccountZones zones,
                                   Map<String, String> policies, NetworkFacts facts) {
        checkZonesExist(settings, zones);
        checkNatAmi(settings, facts.natAmi());
        ResourceNames names = new ResourceNames(name);

        Zone active = settings.activeZone();
        List<SubnetPlan> subnets = new ArrayList<>();
        Map<SubnetRole, Cidr> reserved = new EnumMap<>(SubnetRole.class);
        for (SubnetRole role : SubnetRole.values()) {
            if (!role.isDeclared()) {
                reserved.put(role, settings.subnetCidr(role));
                continue;
            }
            AzId az = settings.azId(role.zone());
            String resourceName = names.subnet(role);
            subnets.add(new SubnetPlan(role, resourceName, settings.subnetCidr(role), az,
                    zones.nameOf(az).orElseThrow(), role == SubnetRole.PUBLIC, subnetTags(names, role, az, active)));
        }

        NatPlan natPlan = nat(name, stack, settings, facts, names);

        List<RouteTablePlan> tables = new ArrayList<>();
        for (SubnetPlan subnet : subnets) {
            tables.add(new RouteTablePlan(subnet.role(), names.routeTable(subnet.role()),
                    routes(settings, subnet.role(), natPlan),
                    Map.of("Name", names.nameTag(names.routeTable(subnet.role()), subnet.azId()))));
        }

        List<GatewayEndpointPlan> gateways = new ArrayList<>();
        for (GatewayEndpointService service : GatewayEndpointService.values()) {
            gateways.add(new GatewayEndpointPlan(names.gatewayEndpoint(service), service,
                    service.serviceName(settings.region()), GATEWAY_ENDPOINT_TABLES,
                    Optional.ofNullable(policies.get(service.shortName()))));
        }

        List<InterfaceEndpointPlan> interfaces = new ArrayList<>();
        for (String service : settings.interfaceEndpoints()) {
            interfaces.add(new InterfaceEndpointPlan(service, names.interfaceEndpoint(service),
                    "com.amazonaws." + settings.region() + "." + service, true, endpointSubnets(active),
                    SecurityGroupRole.ENDPOINTS, false, Optional.ofNullable(policies.get(service))));
        }
        for (PrivateLinkEndpoint link : settings.privateLinkEndpoints()) {
            interfaces.add(new InterfaceEndpointPlan(link.name(), names.interfaceEndpoint(link.name()),
                    link.serviceName(), false, endpointSubnets(active), SecurityGroupRole.ENDPOINTS, true,
                    Optional.ofNullable(policies.get(link.name()))));
        }

        Optional<FlowLogPlan> flowLogs = settings.flowLogs()
                ? Optional.of(new FlowLogPlan(names.flowLogs(), "/" + name + "/" + stack + "/vpc-flow-logs",
                        settings.flowLogRetentionDays(), settings.protect(), settings.region(), facts.accountId()))
                : Optional.empty();

        return new NetworkPlan(name, settings.region(), settings.vpcCidr(), names.vpc(),
                Map.of("Name", names.vpc()), names.internetGateway(), subnets, tables, natPlan,
                securityRules(names, settings.vpcCidr()), gateways, interfaces,
                new DbSubnetGroupPlan(names.dbSubnetGroup(), List.of(SubnetRole.DATA, SubnetRole.STANDBY_PRIVATE)),
                flowLogs, reserved, settings.reservedAzId(), settings.protect(), names);
    }

    /**
     * One ENI in the primary workload subnet; during an evacuation a second in the standby workload subnet. The
     * primary one stays: removing it would be an API call in the zone that failed.
     */
    static List<SubnetRole> endpointSubnets(Zone active) {
        return active == Zone.PRIMARY ? List.of(SubnetRole.WORKLOAD)
                : List.of(SubnetRole.WORKLOAD, SubnetRole.STANDBY_WORKLOAD);
    }

    /**
     * The NATs. With the primary AZ active: one in the primary public subnet holding the primary EIP. Evacuated with a
     * standby EIP: that one stays as it is, and a second in the standby public subnet holds the standby EIP, so
     * nothing in the failed zone is touched. Evacuated without one: the primary EIP moves to the standby NAT, which
     * then serves both workload subnets (the primary NAT must release it first; the transition guard says how).
     */
    static NatPlan nat(String name, String stack, NetworkSettings settings, NetworkFacts facts, ResourceNames names) {
        NatPlan.EipSource primaryEip = settings.natEipAllocationId()
                .<NatPlan.EipSource>map(id -> new NatPlan.EipSource.Adopt(names.natEip(), id))
                .orElseGet(() -> new NatPlan.EipSource.Create(names.natEip()));
        java.util.Optional<NatPlan.EipSource> standbyEip = settings.standbyEip()
                ? java.util.Optional.of(new NatPlan.EipSource.Create(names.standbyNatEip()))
                : java.util.Optional.empty();
        Zone active = settings.activeZone();
        NatPlan.Mode mode = switch (settings.natMode()) {
            case GATEWAY -> new NatPlan.Mode.Gateway();
            case NONE -> new NatPlan.Mode.None();
            case INSTANCE -> {
                NatAmi ami = facts.natAmi().orElseThrow(() -> new IllegalArgumentException(
                        "natMode instance needs the NAT AMI from the account"));
                yield new NatPlan.Mode.Instance(settings.natInstanceType(), ami.amiId(), settings.region(),
                        facts.accountId());
            }
        };
        List<NatPlan.Slot> slots = new ArrayList<>();
        for (NatPlan.Layout l : NatPlan.layout(mode.key(), active, standbyEip.isPresent())) {
            slots.add(slot(l.slot(), name, stack, settings, names, mode,
                    l.address().equals(NatPlan.PRIMARY) ? primaryEip : standbyEip.orElseThrow(), l.routed()));
        }
        return new NatPlan(mode, primaryEip, standbyEip, slots, active);
    }

    private static NatPlan.Slot slot(String key, String name, String stack, NetworkSettings settings,
                                     ResourceNames names, NatPlan.Mode mode, NatPlan.EipSource eip,
                                     List<SubnetRole> routed) {
        Zone zone = key.equals(NatPlan.PRIMARY) ? Zone.PRIMARY : Zone.STANDBY;
        String prefix = key.equals(NatPlan.PRIMARY) ? name + "-nat" : name + "-standby-nat";
        java.util.Optional<NatPlan.InstanceSlot> instance = mode instanceof NatPlan.Mode.Instance
                ? java.util.Optional.of(new NatPlan.InstanceSlot(prefix + "-eni", prefix + "-sg", prefix + "-role",
                        prefix + "-profile", prefix + "-template", prefix + "-asg",
                        name + "-" + stack + (key.equals(NatPlan.PRIMARY) ? "" : "-standby") + "-nat",
                        routed.stream().map(settings::subnetCidr).toList()))
                : java.util.Optional.empty();
        return new NatPlan.Slot(key, names.natGateway(key), SubnetRole.publicSubnet(zone), settings.azId(zone), eip,
                routed, instance);
    }

    /** The NAT instance boots fck-nat's arm64 image: an AMI of another architecture is refused. */
    private static void checkNatAmi(NetworkSettings settings, Optional<NatAmi> nat) {
        if (settings.natMode() != NetworkSettings.NatMode.INSTANCE || nat.isEmpty()) {
            return;
        }
        if (!"arm64".equals(nat.get().architecture())) {
            String key = NetworkSettings.NAMESPACE + ":" + (settings.natInstanceAmiId().isPresent()
                    ? "natInstanceAmiId" : "natMode");
            throw new InvalidSettingsException(List.of(new SettingError(key, settings.natInstanceAmiId()
                    .orElse("instance"), "the NAT AMI " + nat.get().amiId() + " is " + nat.get().architecture()
                    + ", but kubetrader:natInstanceType " + settings.natInstanceType() + " is arm64 (Graviton); "
                    + "pin an arm64 fck-nat AMI (fck-nat-al2023-*-arm64-ebs) or leave natInstanceAmiId empty")));
        }
    }

    private static void checkZonesExist(NetworkSettings settings, AccountZones zones) {
        List<SettingError> errors = new ArrayList<>();
        for (Zone zone : Zone.values()) {
            AzId id = settings.azId(zone);
            if (zones.nameOf(id).isEmpty()) {
                String key = NetworkSettings.NAMESPACE + ":" + zone.name().toLowerCase() + "AzId";
                errors.add(new SettingError(key, id.value(), "no such AZ for this account in " + zones.region()
                        + "; available AZ IDs: " + zones.describeAvailable()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidSettingsException(errors);
        }
    }

    /**
     * The selection tags follow the hot path: Karpenter's EC2NodeClass selects kubetrader.io/role=workload (and the
     * ingest nodes kubestream), the AWS Load Balancer Controller internal-elb; the workload subnet of the other AZ
     * says workload-inactive and has no internal-elb tag, so neither selects it.
     */
    private static Map<String, String> subnetTags(ResourceNames names, SubnetRole role, AzId az, Zone active) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", names.nameTag(names.subnet(role), az));
        tags.put(ROLE_TAG, role.roleTag(active));
        tags.put(AZ_ID_TAG, az.value());
        if (role.isPublic()) {
            tags.put(PUBLIC_ELB_TAG, "1");
        }
        if (role == SubnetRole.workload(active)) {
            tags.put(INTERNAL_ELB_TAG, "1");
        }
        return tags;
    }

    private static List<Route> routes(NetworkSettings settings, SubnetRole role, NatPlan nat) {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route(new Block(settings.vpcCidr()), new RouteTarget.Local()));
        switch (role.egress()) {
            case INTERNET_GATEWAY -> routes.add(new Route(RouteDestination.anywhere(), new RouteTarget.InternetGateway()));
            case NAT_GATEWAY -> nat.slots().stream().filter(s -> s.routedSubnets().contains(role)).findFirst()
                    .ifPresent(s -> routes.add(new Route(RouteDestination.anywhere(), nat.mode() instanceof NatPlan.Mode.Instance
                            ? new RouteTarget.NatInstance(s.key()) : new RouteTarget.NatGateway(s.key()))));
                    // none routed: no way out (natMode none, or the dormant standby): image pulls need the ECR
                    // interface endpoints, or a mirror
            case NONE -> { }
        }
        if (GATEWAY_ENDPOINT_TABLES.contains(role)) {
            for (GatewayEndpointService service : GatewayEndpointService.values()) {
                routes.add(new Route(new PrefixList(service), new RouteTarget.GatewayEndpoint(service)));
            }
        }
        if (role == SubnetRole.WORKLOAD || role == SubnetRole.STANDBY_WORKLOAD) {
            for (PeeringRoute peering : settings.peeringRoutes()) {
                routes.add(new Route(new Block(peering.destination()),
                        new RouteTarget.VpcPeering(peering.peeringConnectionId())));
            }
        }
        return routes;
    }

    private static List<SecurityRule> securityRules(ResourceNames names, Cidr vpcCidr) {
        Peer anywhere = new Peer.Block(RouteDestination.ANYWHERE);
        List<SecurityRule> rules = new ArrayList<>();
        // Workload: nothing inbound (SSM Session Manager needs none), everything outbound.
        rules.add(rule(names, SecurityGroupRole.WORKLOAD, Direction.EGRESS, Protocol.ALL, 0, 0, anywhere,
                "all", "All outbound: exchange APIs through the NAT, AWS APIs, image pulls"));
        // Database: PostgreSQL from the workload group only; no egress at all.
        rules.add(rule(names, SecurityGroupRole.DATABASE, Direction.INGRESS, Protocol.TCP, POSTGRES, POSTGRES,
                new Peer.Group(SecurityGroupRole.WORKLOAD), "5432-workload", "PostgreSQL from the workload group"));
        // ALB: the only inbound from the internet in the whole VPC.
        rules.add(rule(names, SecurityGroupRole.ALB, Direction.INGRESS, Protocol.TCP, HTTPS, HTTPS, anywhere,
                "443", "HTTPS from the internet"));
        rules.add(rule(names, SecurityGroupRole.ALB, Direction.INGRESS, Protocol.TCP, HTTP, HTTP, anywhere,
                "80", "HTTP from the internet, answered only with a redirect to HTTPS"));
        rules.add(rule(names, SecurityGroupRole.ALB, Direction.EGRESS, Protocol.TCP, 0, 65535,
                new Peer.Group(SecurityGroupRole.WORKLOAD), "workload", "To targets in the workload group only"));
        // Interface endpoints: HTTPS from inside the VPC.
        rules.add(rule(names, SecurityGroupRole.ENDPOINTS, Direction.INGRESS, Protocol.TCP, HTTPS, HTTPS,
                new Peer.Block(vpcCidr), "443-vpc", "HTTPS from inside the VPC"));
        return rules;
    }

    private static SecurityRule rule(ResourceNames names, SecurityGroupRole group, Direction direction,
                                     Protocol protocol, int from, int to, Peer peer, String detail,
                                     String description) {
        return new SecurityRule(names.securityRule(group, direction, detail), group, direction, protocol,
                from, to, peer, description);
    }
}
