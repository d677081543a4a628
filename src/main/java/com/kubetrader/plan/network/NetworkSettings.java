package com.kubetrader.plan.network;

import com.kubetrader.plan.AzId;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.settings.ConfigSource;
import com.kubetrader.plan.settings.SettingsReader;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The network's typed, validated settings. {@link #read} checks everything that can be
 * checked without asking AWS; the AZ IDs are checked against the account in
 * {@link NetworkPlanner}.
 */
public record NetworkSettings(
        String region,
        Cidr vpcCidr,
        AzId primaryAzId,
        AzId standbyAzId,
        AzId reservedAzId,
        Map<SubnetRole, Cidr> subnetCidrs,
        Optional<String> natEipAllocationId,
        boolean flowLogs,
        int flowLogRetentionDays,
        boolean protect,
        List<PeeringRoute> peeringRoutes,
        List<String> interfaceEndpoints,
        List<PrivateLinkEndpoint> privateLinkEndpoints,
        Map<String, String> endpointPolicyFiles,
        NatMode natMode,
        String natInstanceType,
        Optional<String> natInstanceAmiId,
        AzId activeAzId,
        boolean standbyEip,
        boolean confirmEgressAddressChange) {

    public static final String NAMESPACE = "kubetrader";

    /** How the workload subnet reaches the internet; the whitelisted EIP exists in every mode. */
    public enum NatMode {
        /** A NAT gateway holding the EIP (the design's default). */
        GATEWAY,
        /** A NAT instance on fck-nat, behind a fixed network interface; it associates the EIP at boot. */
        INSTANCE,
        /** No NAT: the workload subnet has no default route (after the Ed25519 migration). */
        NONE;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** fck-nat's arm64 AMIs run only on Graviton types (t4g, c7g, ...): a g after the generation. */
    static final Pattern GRAVITON_TYPE = Pattern.compile("[a-z]+[0-9]+[a-z]*g[a-z]*\\.[a-z0-9]+");
    static final Pattern AMI_ID = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");

    static final Pattern EIP_ALLOCATION_ID = Pattern.compile("eipalloc-([0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern PEERING_ID = Pattern.compile("pcx-([0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern SERVICE_SHORT_NAME = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
    static final Pattern PRIVATELINK_SERVICE = Pattern.compile("com\\.amazonaws\\.vpce\\.[a-z0-9-]+\\.vpce-svc-[0-9a-f]{17}");
    static final Pattern ENDPOINT_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** The retention periods CloudWatch Logs accepts. */
    static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public NetworkSettings {
        subnetCidrs = Map.copyOf(subnetCidrs);
        peeringRoutes = List.copyOf(peeringRoutes);
        interfaceEndpoints = List.copyOf(interfaceEndpoints);
        privateLinkEndpoints = List.copyOf(privateLinkEndpoints);
        endpointPolicyFiles = Map.copyOf(endpointPolicyFiles);
    }

    public Cidr subnetCidr(SubnetRole role) {
        return subnetCidrs.get(role);
    }

    /** Where the hot path runs now: the primary AZ, or the standby one during an evacuation. */
    public Zone activeZone() {
        return activeAzId != null && activeAzId.equals(standbyAzId) && !activeAzId.equals(primaryAzId)
                ? Zone.STANDBY : Zone.PRIMARY;
    }

    public AzId azId(Zone zone) {
        return switch (zone) {
            case PRIMARY -> primaryAzId;
            case STANDBY -> standbyAzId;
            case RESERVED -> reservedAzId;
        };
    }

    /** Reads and validates; throws {@link InvalidSettingsException} listing every problem. */
    public static NetworkSettings read(ConfigSource source) {
        SettingsReader in = new SettingsReader(source, NAMESPACE);
        NetworkSettings settings = read(in);
        in.throwIfInvalid();
        return settings;
    }

    /** The regions the program plans for; a stack elsewhere is refused before anything is declared. */
    public static final java.util.List<String> SUPPORTED_REGIONS = java.util.List.of("ap-northeast-1");

    /** Reads into a shared reader, so several settings groups can report their errors together. */
    public static NetworkSettings read(SettingsReader in) {
        String region = in.required("aws:region");
        if (region != null && !SUPPORTED_REGIONS.contains(region)) {
            in.error("aws:region", region, "not supported; kubetrader is built for " + String.join(", ",
                    SUPPORTED_REGIONS) + " (Tokyo): its AZ IDs (apne1-az*), the benchmark's exchange path and the "
                    + "price file are Tokyo's. Set it with `pulumi config set aws:region ap-northeast-1`");
        }
        Cidr vpc = in.cidr("vpcCidr");
        AzId primary = in.azId("primaryAzId");
        AzId standby = in.azId("standbyAzId");
        AzId reserved = in.azId("reservedAzId");

        Map<SubnetRole, Cidr> subnets = new EnumMap<>(SubnetRole.class);
        for (SubnetRole role : SubnetRole.values()) {
            Cidr cidr = in.cidr(role.configKey());
            if (cidr != null) {
                subnets.put(role, cidr);
            }
        }

        Optional<String> eip = in.optional("natEipAllocationId");
        eip.filter(id -> !EIP_ALLOCATION_ID.matcher(id).matches()).ifPresent(id -> in.error("natEipAllocationId", id,
                "not an Elastic IP allocation ID; expected eipalloc- and 8 or 17 hex digits (eipalloc-0123456789abcdef0), "
                        + "or leave it unset to have the stack create and protect the EIP"));

        NatMode natMode = readNatMode(in);
        String natType = in.required("natInstanceType");
        if (natType != null && natMode == NatMode.INSTANCE && !GRAVITON_TYPE.matcher(natType).matches()) {
            in.error("natInstanceType", natType, "not a Graviton (arm64) type, but the fck-nat AMI the NAT instance "
                    + "boots is arm64; expected a type such as t4g.nano");
        }
        Optional<String> natAmi = in.optional("natInstanceAmiId");
        natAmi.filter(id -> !AMI_ID.matcher(id).matches()).ifPresent(id -> in.error("natInstanceAmiId", id,
                "not an AMI ID; expected ami- and 8 or 17 hex digits (ami-0123456789abcdef0), or leave it unset to "
                        + "use the newest fck-nat arm64 AMI"));

        boolean flowLogs = in.bool("flowLogs");
        int retention = in.integer("flowLogRetentionDays", 1, 3653);
        if (!LOG_RETENTION_DAYS.contains(retention)) {
            in.error("flowLogRetentionDays", Integer.toString(retention),
                    "CloudWatch Logs does not offer this retention; expected one of " + new java.util.TreeSet<>(LOG_RETENTION_DAYS));
        }
        boolean protect = in.bool("protect");

        List<PeeringRoute> peering = readPeeringRoutes(in, vpc);
        List<String> interfaces = readInterfaceEndpoints(in);
        List<PrivateLinkEndpoint> privateLinks = readPrivateLinks(in, interfaces);
        Map<String, String> policies = readPolicies(in, interfaces, privateLinks);

        checkDistinctZones(in, primary, standby, reserved);
        AzId active = readActiveAzId(in, primary, standby);
        boolean standbyEip = in.bool("standbyEip");
        boolean confirmAddress = in.bool("confirmEgressAddressChange");
        if (vpc != null) {
            checkVpcSize(in, vpc);
            checkSubnets(in, vpc, subnets);
        }

        return new NetworkSettings(region, vpc, primary, standby, reserved, subnets, eip, flowLogs, retention,
                protect, peering, interfaces, privateLinks, policies, natMode, natType, natAmi, active, standbyEip,
                confirmAddress);
    }

    /** Unset means the primary; otherwise it must be the primary or the standby AZ ID, nothing else. */
    private static AzId readActiveAzId(SettingsReader in, AzId primary, AzId standby) {
        if (in.optional("activeAzId").isEmpty()) {
            return primary;
        }
        AzId active = in.azId("activeAzId");
        if (active != null && primary != null && standby != null && !active.equals(primary) && !active.equals(standby)) {
            in.error("activeAzId", active.value(), "neither kubetrader:primaryAzId (" + primary + ") nor "
                    + "kubetrader:standbyAzId (" + standby + "); the hot path runs in the primary AZ, or in the standby "
                    + "AZ during an evacuation. Set " + standby + " to evacuate, or unset it (`pulumi config rm "
                    + "kubetrader:activeAzId`) to run in the primary");
        }
        return active;
    }

    private static NatMode readNatMode(SettingsReader in) {
        String raw = in.required("natMode");
        if (raw == null) {
            return NatMode.GATEWAY;
        }
        for (NatMode m : NatMode.values()) {
            if (m.key().equals(raw)) {
                return m;
            }
        }
        in.error("natMode", raw, "not a NAT mode; expected gateway (a NAT gateway), instance (a NAT instance on "
                + "fck-nat) or none (no NAT)");
        return NatMode.GATEWAY;
    }

    private static void checkDistinctZones(SettingsReader in, AzId primary, AzId standby, AzId reserved) {
        if (primary != null && primary.equals(standby)) {
            in.clash("primaryAzId", "standbyAzId", primary.value(), "the primary and standby must be different AZ IDs");
        }
        if (reserved != null && (reserved.equals(primary) || reserved.equals(standby))) {
            in.clash(reserved.equals(primary) ? "primaryAzId" : "standbyAzId", "reservedAzId", reserved.value(),
                    "the reserved AZ must differ from the primary and standby AZ IDs");
        }
    }

    private static void checkVpcSize(SettingsReader in, Cidr vpc) {
        if (vpc.prefix() < 16 || vpc.prefix() > 28) {
            in.error("vpcCidr", vpc.toString(), "AWS accepts VPC blocks from /16 to /28");
        }
    }

    private static void checkSubnets(SettingsReader in, Cidr vpc, Map<SubnetRole, Cidr> subnets) {
        List<SubnetRole> checked = new ArrayList<>();
        for (SubnetRole role : SubnetRole.values()) {
            Cidr cidr = subnets.get(role);
            if (cidr == null) {
                continue;
            }
            if (!vpc.contains(cidr)) {
                in.error(role.configKey(), cidr.toString(), "outside vpcCidr " + vpc + "; expected a block inside it");
                continue;
            }
            if (cidr.prefix() > role.largestPrefix()) {
                in.error(role.configKey(), cidr.toString(), "too small for the " + role.slug() + " subnet ("
                        + cidr.awsUsableAddresses() + " usable addresses); expected /" + role.largestPrefix() + " or larger");
            }
            for (SubnetRole earlier : checked) {
                Cidr other = subnets.get(earlier);
                if (cidr.overlaps(other)) {
                    in.error(role.configKey(), cidr.toString(), "overlaps " + earlier.configKey() + " " + other
                            + "; every subnet in the address plan needs its own block");
                }
            }
            checked.add(role);
        }
    }

    private static List<PeeringRoute> readPeeringRoutes(SettingsReader in, Cidr vpc) {
        List<PeeringRoute> routes = new ArrayList<>();
        Set<Cidr> seen = new HashSet<>();
        for (String entry : in.stringList("peeringRoutes")) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2) {
                in.error("peeringRoutes", entry, "expected CIDR=peering connection ID, such as 10.100.0.0/16=pcx-0123456789abcdef0");
                continue;
            }
            Cidr destination;
            try {
                destination = Cidr.parse(parts[0]);
            } catch (IllegalArgumentException e) {
                in.error("peeringRoutes", entry, "destination " + parts[0].trim() + ": " + e.getMessage());
                continue;
            }
            String pcx = parts[1].trim();
            if (!PEERING_ID.matcher(pcx).matches()) {
                in.error("peeringRoutes", entry, "'" + pcx + "' is not a peering connection ID; expected pcx- and 8 or 17 hex digits");
                continue;
            }
            if (vpc != null && destination.overlaps(vpc)) {
                in.error("peeringRoutes", entry, "destination " + destination + " overlaps vpcCidr " + vpc
                        + "; a peered VPC needs a block outside it");
                continue;
            }
            if (!seen.add(destination)) {
                in.error("peeringRoutes", entry, "destination " + destination + " is listed twice; one route per destination");
                continue;
            }
            routes.add(new PeeringRoute(destination, pcx));
        }
        return routes;
    }

    private static List<String> readInterfaceEndpoints(SettingsReader in) {
        List<String> services = new ArrayList<>();
        for (String service : in.stringList("interfaceEndpoints")) {
            if (!SERVICE_SHORT_NAME.matcher(service).matches()) {
                in.error("interfaceEndpoints", service, "not an AWS service short name; expected names such as secretsmanager or ecr.api");
            } else if (GatewayEndpointService.isGatewayService(service)) {
                in.error("interfaceEndpoints", service, "already reached through the free gateway endpoint; an interface endpoint would add hourly cost for nothing");
            } else if (services.contains(service)) {
                in.error("interfaceEndpoints", service, "listed twice");
            } else {
                services.add(service);
            }
        }
        return services;
    }

    private static List<PrivateLinkEndpoint> readPrivateLinks(SettingsReader in, List<String> interfaces) {
        List<PrivateLinkEndpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : in.stringList("privateLinkEndpoints")) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2) {
                in.error("privateLinkEndpoints", entry,
                        "expected name=service name, such as clickhouse=com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0");
                continue;
            }
            String name = parts[0].trim();
            String service = parts[1].trim();
            if (!ENDPOINT_NAME.matcher(name).matches()) {
                in.error("privateLinkEndpoints", entry, "name '" + name + "' must be lower-case letters, digits and dashes");
            } else if (!PRIVATELINK_SERVICE.matcher(service).matches()) {
                in.error("privateLinkEndpoints", entry, "'" + service
                        + "' is not a PrivateLink service name; expected com.amazonaws.vpce.<region>.vpce-svc- and 17 hex digits");
            } else if (!names.add(name) || interfaces.contains(name)) {
                in.error("privateLinkEndpoints", entry, "name '" + name + "' is already used by another endpoint");
            } else {
                endpoints.add(new PrivateLinkEndpoint(name, service));
            }
        }
        return endpoints;
    }

    private static Map<String, String> readPolicies(SettingsReader in, List<String> interfaces,
                                                    List<PrivateLinkEndpoint> privateLinks) {
        Set<String> endpointNames = new java.util.TreeSet<>(GatewayEndpointService.names());
        endpointNames.addAll(interfaces);
        privateLinks.forEach(p -> endpointNames.add(p.name()));
        Map<String, String> policies = new LinkedHashMap<>();
        for (String entry : in.stringList("endpointPolicies")) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[1].isBlank()) {
                in.error("endpointPolicies", entry, "expected endpoint=policy file, such as s3=policies/s3-endpoint.json");
            } else if (!endpointNames.contains(parts[0].trim())) {
                in.error("endpointPolicies", entry, "no endpoint named '" + parts[0].trim() + "'; expected one of " + endpointNames);
            } else if (policies.put(parts[0].trim(), parts[1].trim()) != null) {
                in.error("endpointPolicies", entry, "a second policy for '" + parts[0].trim() + "'; one policy per endpoint");
            }
        }
        return policies;
    }
}
