package com.kubetrader.plan.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.transition.TransitionRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the engine's steps against a model of the account the saved plan describes, under AWS's rules
 * (transitions/rules.json): an Elastic IP has one holder at a time, a subnet's block cannot overlap a live subnet's,
 * a subnet that still holds interfaces cannot be deleted, an attached interface cannot be deleted. Each step takes
 * an estimated time (transitions/times.json), starts once what it depends on is done, and the deletes start when
 * every create and update has finished. From that timeline: the steps AWS would refuse, how long the active workload
 * subnet has no way out, and how long it leaves from an address no exchange has whitelisted.
 */
public final class TransitionSimulation {

    static final String NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
    static final String GROUP = "aws:autoscaling/group:Group";
    static final String TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    static final String ENI = "aws:ec2/networkInterface:NetworkInterface";
    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String ROUTE = "aws:ec2/route:Route";
    static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String EIP = "aws:ec2/eip:Eip";

    /** One step on the timeline, with its estimated start and end, in seconds from the start of the run. */
    public record TimedStep(EngineOrder.EngineStep step, int start, int end, String effect) {
    }

    /** A step AWS would refuse: which, the rule and what exactly. */
    public record Refused(EngineOrder.EngineStep step, TransitionRules.Rule rule, String what) {
    }

    /**
     * The active workload subnet's way out through the change. Null seconds: not applicable (there was no way out
     * before, or there is none by design after). Every figure is an estimate built from transitions/times.json.
     */
    public record Egress(String subnet, Integer noEgressSeconds, Integer unlistedAddressSeconds, List<String> how) {
        public Egress {
            how = List.copyOf(how);
        }
    }

    /** The parts of an evacuation's recovery time, each an estimate with its source, and the total. */
    public record Rto(int seconds, List<String> parts) {
        public Rto {
            parts = List.copyOf(parts);
        }
    }

    public record Result(List<TimedStep> steps, List<Refused> refused, Egress egress, Optional<Rto> rto,
                         List<String> preconditions) {
        public Result {
            steps = List.copyOf(steps);
            refused = List.copyOf(refused);
            preconditions = List.copyOf(preconditions);
        }
    }

    private final TransitionRules rules;
    private final Map<String, JsonNode> old;
    private final Map<String, JsonNode> now;
    private final JsonNode nextState;

    private TransitionSimulation(TransitionRules rules, JsonNode before, JsonNode after) {
        this.rules = rules;
        this.nextState = after.path("outputs").path("transitionState");
        this.old = PlanDiff.byUrn(before);
        this.now = PlanDiff.byUrn(after);
    }

    public static Result run(EngineOrder.Ordered ordered, JsonNode before, JsonNode after, TransitionRules rules) {
        return new TransitionSimulation(rules, before, after).simulate(ordered);
    }

    // ---- the account, as the saved plan leaves it ----------------------------------------------------------------

    /** Live subnets: urn to block; interfaces: urn to subnet URNs they sit in; holders: allocation to holder URN. */
    private final Map<String, Cidr> subnets = new LinkedHashMap<>();
    private final Map<String, String> subnetVpc = new LinkedHashMap<>();
    private final Map<String, Set<String>> interfacesIn = new LinkedHashMap<>();
    private final Map<String, String> holders = new LinkedHashMap<>();
    /** Per allocation, the time it becomes free (after its holder is deleted), if it does. */
    private final Map<String, Integer> freedAt = new LinkedHashMap<>();

    private void account() {
        for (JsonNode r : old.values()) {
            String type = r.path("type").asText();
            if (type.equals(SUBNET)) {
                subnets.put(urn(r), Cidr.parse(r.path("inputs").path("cidrBlock").asText()));
                subnetVpc.put(urn(r), r.path("inputs").path("vpcId").asText());
            }
            occupy(r, old);
            if (type.equals(NAT_GATEWAY)) {
                holders.put(r.path("inputs").path("allocationId").asText(), urn(r));
            } else if (type.equals(GROUP)) {
                instanceAllocation(r, old).ifPresent(a -> holders.put(a, urn(r)));
            }
        }
    }

    /** The subnets a resource puts an interface in: a NAT gateway, a NAT instance's interfaces, endpoint ENIs. */
    private void occupy(JsonNode r, Map<String, JsonNode> plan) {
        String type = r.path("type").asText();
        List<String> in = new ArrayList<>();
        if (type.equals(NAT_GATEWAY) || type.equals(ENI)) {
            in.add(r.path("inputs").path("subnetId").asText());
        } else if (type.equals(ENDPOINT)) {
            r.path("inputs").path("subnetIds").forEach(s -> in.add(s.asText()));
        } else if (type.equals(GROUP)) {
            r.path("inputs").path("vpcZoneIdentifiers").forEach(s -> in.add(s.asText()));
        }
        for (String subnetId : in) {
            // a replaced subnet keeps its URN (and, in a simulated plan, its ID): an interface put in it by this run
            // sits in the new subnet, not in the old one the run deletes at the end
            urnOfId(plan, subnetId).map(s -> plan == now && replaced.contains(s) ? s + "#new" : s)
                    .ifPresent(s -> interfacesIn.computeIfAbsent(s, k -> new TreeSet<>()).add(urn(r)));
        }
    }

    /** The URNs this run replaces (the new object created, the old deleted). */
    private final Set<String> replaced = new java.util.HashSet<>();

    /** The allocation a NAT instance's group associates: its launch template's user data names it (eip_id). */
    private Optional<String> instanceAllocation(JsonNode group, Map<String, JsonNode> plan) {
        return userDataSetting(group, plan, "eip_id");
    }

    /** The fixed interface a NAT instance's group attaches: its launch template's user data names it (eni_id). */
    private Optional<String> instanceInterface(JsonNode group, Map<String, JsonNode> plan) {
        return userDataSetting(group, plan, "eni_id");
    }

    /** A {@code key=value} fck-nat setting in the user data of the launch template a group launches from. */
    private Optional<String> userDataSetting(JsonNode group, Map<String, JsonNode> plan, String key) {
        String templateId = group.path("inputs").path("launchTemplate").path("id").asText();
        for (JsonNode t : plan.values()) {
            if (t.path("type").asText().equals(TEMPLATE) && templateId.equals(t.path("id").asText())) {
                var m = java.util.regex.Pattern.compile(key + "=(\\S+)")
                        .matcher(PlanDiff.decodedBase64(t.path("inputs").path("userData").asText()));
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    // ---- the run ------------------------------------------------------------------------------------------------

    private Result simulate(EngineOrder.Ordered ordered) {
        for (EngineOrder.EngineStep s : ordered.steps()) {
            if (s.op() == EngineOrder.Op.DELETE_REPLACED || s.op() == EngineOrder.Op.CREATE_REPLACEMENT) {
                replaced.add(s.urn());
            }
        }
        account();
        List<Refused> refused = new ArrayList<>();
        List<String> preconditions = new ArrayList<>();
        if (ordered.stopped()) {
            return new Result(List.of(), List.of(), new Egress(activeWorkloadName(), 0, 0,
                    List.of("nothing runs: the engine stops at preview")), Optional.empty(), preconditions);
        }
        List<TimedStep> timed = schedule(ordered.steps());
        // events on the way out, per resource: when a NAT gateway is up or gone, an instance forwards, a route switches
        Map<String, int[]> gatewayUp = new LinkedHashMap<>();   // urn -> [available from, gone from]
        Map<String, int[]> instanceUp = new LinkedHashMap<>();  // group urn -> [forwarding from, gone from]
        Map<String, Integer> holdsFrom = new LinkedHashMap<>(); // holder urn -> when it holds its allocation
        for (String holder : holders.values()) {
            holdsFrom.put(holder, Integer.MIN_VALUE);
        }
        for (var e : old.entrySet()) {
            String type = e.getValue().path("type").asText();
            if (type.equals(NAT_GATEWAY)) {
                gatewayUp.put(e.getKey(), new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE});
            } else if (type.equals(GROUP)) {
                instanceUp.put(e.getKey(), new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE});
            }
        }
        Map<String, List<int[]>> routeChanges = new LinkedHashMap<>(); // route urn -> [time, target index]
        List<String> targets = new ArrayList<>();

        int fck = rules.time("fckNatForwarding").seconds();
        int retry = rules.time("eipRetry").seconds();
        for (TimedStep t : timed) {
            EngineOrder.EngineStep s = t.step();
            JsonNode was = old.get(s.urn());
            JsonNode is = now.get(s.urn());
            switch (s.type()) {
                case SUBNET -> {
                    if (creates(s.op())) {
                        Cidr block = Cidr.parse(is.path("inputs").path("cidrBlock").asText());
                        String vpc = is.path("inputs").path("vpcId").asText();
                        for (var live : subnets.entrySet()) {
                            if (vpc.equals(subnetVpc.get(live.getKey())) && live.getValue().overlaps(block)) {
                                refused.add(new Refused(s, rules.rule("aws.subnet-cidr-conflict"), s.name() + " "
                                        + block + " overlaps " + PlanDiff.name(live.getKey()) + " " + live.getValue()
                                        + ", which still exists at this step"));
                                break;
                            }
                        }
                        subnets.put(s.urn() + "#new", block);
                        subnetVpc.put(s.urn() + "#new", vpc);
                    } else if (s.op().deletes()) {
                        Set<String> left = new TreeSet<>(interfacesIn.getOrDefault(s.urn(), Set.of()));
                        if (!left.isEmpty()) {
                            refused.add(new Refused(s, rules.rule("aws.subnet-with-interfaces"), s.name()
                                    + " still holds the interfaces of " + String.join(", ", left.stream()
                                    .map(PlanDiff::name).toList())));
                        }
                        String role = was.path("inputs").path("tags").path("kubetrader.io/role").asText();
                        if (role.equals("data") || role.startsWith("workload")) {
                            preconditions.add("Deleting " + s.name() + " fails with DependencyViolation while it holds "
                                    + (role.equals("data") ? "Aurora's" : "EKS nodes' and pods'") + " interfaces, "
                                    + "which this stack does not declare: move them out first ("
                                    + rules.rule("aws.subnet-with-interfaces").sources().get(0) + ").");
                        }
                        subnets.remove(s.urn());
                    }
                }
                case ENI -> {
                    if (s.op().deletes()) {
                        String eniId = was.path("id").asText();
                        for (var g : instanceUp.entrySet()) {
                            // only an instance running before the run has the old interface attached (one launched
                            // by this run attaches the interface its new template names); a refreshed group's old
                            // instance is the "#old" entry, gone when the refresh terminated it
                            String groupUrn = g.getKey().replace("#old", "");
                            if (g.getValue()[0] != Integer.MIN_VALUE || !old.containsKey(groupUrn)) {
                                continue;
                            }
                            boolean attached = instanceInterface(old.get(groupUrn), old).filter(eniId::equals)
                                    .isPresent();
                            if (attached && g.getValue()[1] > t.start()) {
                                refused.add(new Refused(s, rules.rule("aws.interface-in-use"), s.name()
                                        + " is still attached to the NAT instance of " + PlanDiff.name(groupUrn)));
                            }
                        }
                        release(s.urn());
                    } else if (creates(s.op())) {
                        occupy(is, now);
                    }
                }
                case NAT_GATEWAY -> {
                    if (creates(s.op())) {
                        String allocation = is.path("inputs").path("allocationId").asText();
                        String holder = holders.get(allocation);
                        boolean heldElsewhere = holder != null
                                && freedAt.getOrDefault(allocation, Integer.MAX_VALUE) > t.start();
                        if (heldElsewhere) {
                            refused.add(new Refused(s, rules.rule("aws.eip-one-holder"), s.name() + " needs "
                                    + allocation + ", which " + PlanDiff.name(holder) + " still holds: the gateway "
                                    + "ends in state failed, " + rules.rule("aws.eip-one-holder").awsError().orElse("")));
                        } else {
                            holders.put(allocation, s.urn());
                            freedAt.remove(allocation);
                            gatewayUp.put(s.urn(), new int[] {t.end(), Integer.MAX_VALUE});
                            holdsFrom.put(s.urn(), t.end());
                        }
                        occupy(is, now);
                    } else if (s.op().deletes()) {
                        gatewayUp.computeIfPresent(s.urn(), (k, v) -> new int[] {v[0], t.start()});
                        freeAllocationsOf(s.urn(), t.end());
                        release(s.urn());
                    }
                }
                case GROUP -> {
                    JsonNode g = is != null ? is : was;
                    if (creates(s.op()) || s.op() == EngineOrder.Op.UPDATE && "instance refresh".equals(s.why())) {
                        Optional<String> allocation = instanceAllocation(g, now);
                        int forwarding = t.end() + fck;
                        if (s.op() == EngineOrder.Op.UPDATE) {
                            // a refresh: the old instance goes first (minimum healthy 0), the new one boots
                            int[] up = instanceUp.getOrDefault(s.urn(), new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE});
                            instanceUp.put(s.urn() + "#old", new int[] {up[0], t.end()});
                            forwarding = t.end() + rules.time("natInstanceInService").seconds() + fck;
                        }
                        instanceUp.put(s.urn(), new int[] {forwarding, Integer.MAX_VALUE});
                        if (allocation.isPresent()) {
                            String holder = holders.get(allocation.get());
                            int holds = forwarding;
                            if (holder != null && !holder.equals(s.urn()) && holder.startsWith("urn") && isGateway(holder)
                                    && freedAt.getOrDefault(allocation.get(), Integer.MAX_VALUE) > forwarding) {
                                // a NAT gateway gives its address up only when it is deleted: the keeper retries
                                holds = freedAt.containsKey(allocation.get()) ? freedAt.get(allocation.get()) + retry
                                        : Integer.MAX_VALUE;
                                pendingAssociation.put(s.urn(), allocation.get());
                            }
                            holders.put(allocation.get(), s.urn());
                            holdsFrom.put(s.urn(), holds);
                        }
                        if (s.op() == EngineOrder.Op.UPDATE) {
                            release(s.urn()); // the refresh terminated the old instance, wherever it ran
                        }
                        occupy(g, now);
                    } else if (s.op().deletes()) {
                        instanceUp.computeIfPresent(s.urn(), (k, v) -> new int[] {v[0], t.start()});
                        freeAllocationsOf(s.urn(), t.end());
                        release(s.urn());
                    }
                }
                case ROUTE -> {
                    int target = targets.size();
                    targets.add(s.op().deletes() ? "" : routeTarget(is));
                    routeChanges.computeIfAbsent(s.urn(), k -> new ArrayList<>())
                            .add(new int[] {s.op().deletes() ? t.start() : t.end(), target});
                }
                case ENDPOINT -> {
                    if (creates(s.op()) || s.op() == EngineOrder.Op.UPDATE) {
                        if (s.op() == EngineOrder.Op.UPDATE) {
                            release(s.urn()); // ModifyVpcEndpoint removes the interfaces of subnets it drops
                        }
                        occupy(is, now);
                    } else if (s.op().deletes()) {
                        release(s.urn());
                    }
                }
                default -> {
                    if (s.op().deletes()) {
                        release(s.urn());
                    }
                }
            }
        }
        // associations waiting on a gateway's deletion complete once it is gone
        for (var p : pendingAssociation.entrySet()) {
            Integer freed = freedAt.get(p.getValue());
            holdsFrom.put(p.getKey(), freed == null ? Integer.MAX_VALUE : freed + retry);
        }
        int end = timed.stream().mapToInt(TimedStep::end).max().orElse(0);
        Egress egress = egress(timed, routeChanges, targets, gatewayUp, instanceUp, holdsFrom, end);
        return new Result(timed, refused, egress, rto(timed, egress), preconditions);
    }

    private final Map<String, String> pendingAssociation = new LinkedHashMap<>();

    private void freeAllocationsOf(String holder, int at) {
        for (var h : holders.entrySet()) {
            if (h.getValue().equals(holder)) {
                freedAt.put(h.getKey(), at);
            }
        }
    }

    private void release(String urn) {
        interfacesIn.values().forEach(set -> set.remove(urn));
    }

    private boolean isGateway(String urn) {
        JsonNode r = old.containsKey(urn) ? old.get(urn) : now.get(urn);
        return r != null && r.path("type").asText().equals(NAT_GATEWAY);
    }

    private static boolean creates(EngineOrder.Op op) {
        return op == EngineOrder.Op.CREATE || op == EngineOrder.Op.CREATE_REPLACEMENT;
    }

    private static String routeTarget(JsonNode route) {
        JsonNode in = route.path("inputs");
        for (String key : List.of("natGatewayId", "networkInterfaceId", "gatewayId", "vpcPeeringConnectionId")) {
            if (in.hasNonNull(key)) {
                return key + "=" + in.get(key).asText();
            }
        }
        return "";
    }

    // ---- the timeline ------------------------------------------------------------------------------------------

    private List<TimedStep> schedule(List<EngineOrder.EngineStep> steps) {
        Map<String, Integer> done = new LinkedHashMap<>();
        List<TimedStep> out = new ArrayList<>();
        int phaseOneEnd = 0;
        int previousChain = 0;
        Map<String, Integer> deletedAt = new LinkedHashMap<>();
        for (EngineOrder.EngineStep s : steps) {
            int start;
            if (s.phase() == 1) {
                JsonNode r = now.get(s.urn()) != null ? now.get(s.urn()) : old.get(s.urn());
                start = 0;
                for (String dep : EngineOrder.dependencies(r)) {
                    start = Math.max(start, done.getOrDefault(dep, 0));
                }
                if (s.op() == EngineOrder.Op.DELETE_REPLACED || s.op() == EngineOrder.Op.CREATE_REPLACEMENT
                        && s.why().isEmpty() && deletedAt.containsKey(s.urn())) {
                    start = Math.max(start, previousChain); // a delete-before-replace chain runs serially
                }
            } else {
                start = phaseOneEnd;
                for (var o : old.entrySet()) { // dependents are deleted first
                    if (EngineOrder.dependencies(o.getValue()).contains(s.urn())) {
                        start = Math.max(start, deletedAt.getOrDefault(o.getKey(), phaseOneEnd));
                    }
                }
            }
            int end = start + duration(s);
            if (s.phase() == 1) {
                done.put(s.urn(), Math.max(done.getOrDefault(s.urn(), 0), end));
                phaseOneEnd = Math.max(phaseOneEnd, end);
                if (s.op() == EngineOrder.Op.DELETE_REPLACED) {
                    deletedAt.put(s.urn(), end);
                    previousChain = end;
                }
            } else {
                deletedAt.put(s.urn(), end);
            }
            out.add(new TimedStep(s, start, end, effect(s)));
        }
        return out;
    }

    private int duration(EngineOrder.EngineStep s) {
        String id = switch (s.type()) {
            case NAT_GATEWAY -> creates(s.op()) ? "natGatewayCreate" : s.op().deletes() ? "natGatewayDelete" : "apiCall";
            case GROUP -> creates(s.op()) ? "natInstanceInService" : s.op().deletes() ? "natInstanceTerminate" : "apiCall";
            case ROUTE -> "routeChange";
            case ENDPOINT -> s.op() == EngineOrder.Op.UPDATE && changed(s.urn(), "subnetIds") ? "endpointSubnetAdd"
                    : "apiCall";
            case SUBNET -> s.op() == EngineOrder.Op.UPDATE ? "tagChange" : "apiCall";
            default -> "apiCall";
        };
        if (s.op() == EngineOrder.Op.READ || s.op() == EngineOrder.Op.DISCARD
                || s.op() == EngineOrder.Op.DISCARD_REPLACED || s.type().startsWith("kubetrader:")
                || s.type().startsWith("pulumi:")) {
            return 0;
        }
        return rules.time(id).seconds();
    }

    private boolean changed(String urn, String input) {
        JsonNode a = old.get(urn);
        JsonNode b = now.get(urn);
        return a != null && b != null && !a.path("inputs").path(input).equals(b.path("inputs").path(input));
    }

    private String effect(EngineOrder.EngineStep s) {
        if (s.type().equals(GROUP) && "instance refresh".equals(s.why())) {
            return "the NAT instance is replaced: no egress through it until the new one forwards";
        }
        return "";
    }

    // ---- egress -------------------------------------------------------------------------------------------------

    /** The workload subnet the hot path uses after the change: the one whose role tag says workload. */
    private String activeWorkloadName() {
        for (JsonNode r : now.values()) {
            if (r.path("type").asText().equals(SUBNET)
                    && "workload".equals(r.path("inputs").path("tags").path("kubetrader.io/role").asText())) {
                return r.path("name").asText();
            }
        }
        return "(no workload subnet)";
    }

    private Optional<String> activeWorkloadUrn(Map<String, JsonNode> plan) {
        return plan.values().stream().filter(r -> r.path("type").asText().equals(SUBNET)
                        && "workload".equals(r.path("inputs").path("tags").path("kubetrader.io/role").asText()))
                .map(TransitionSimulation::urn).findFirst();
    }

    /** The default route of the table associated with a subnet, in a plan. */
    private Optional<JsonNode> defaultRoute(Map<String, JsonNode> plan, String subnetUrn) {
        String subnetId = plan.get(subnetUrn).path("id").asText();
        String tableId = null;
        for (JsonNode r : plan.values()) {
            if (r.path("type").asText().equals(ASSOCIATION) && subnetId.equals(r.path("inputs").path("subnetId").asText())) {
                tableId = r.path("inputs").path("routeTableId").asText();
            }
        }
        for (JsonNode r : plan.values()) {
            if (r.path("type").asText().equals(ROUTE) && r.path("inputs").path("routeTableId").asText().equals(tableId)
                    && "0.0.0.0/0".equals(r.path("inputs").path("destinationCidrBlock").asText())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private Egress egress(List<TimedStep> timed, Map<String, List<int[]>> routeChanges, List<String> targets,
                          Map<String, int[]> gatewayUp, Map<String, int[]> instanceUp, Map<String, Integer> holdsFrom,
                          int end) {
        Optional<String> before = activeWorkloadUrn(old);
        Optional<String> after = activeWorkloadUrn(now);
        String name = activeWorkloadName();
        Optional<JsonNode> oldRoute = before.flatMap(u -> defaultRoute(old, u));
        Optional<JsonNode> newRoute = after.flatMap(u -> defaultRoute(now, u));
        if (newRoute.isEmpty()) {
            return new Egress(name, null, null, List.of(oldRoute.isPresent()
                    ? "no way out after the change, by design (natMode none): not a gap"
                    : "no way out before or after (natMode none)"));
        }
        if (oldRoute.isEmpty() && before.equals(after)) {
            return new Egress(name, null, null, List.of("no way out before the change: nothing to interrupt"));
        }
        String routeUrn = urn(newRoute.get());
        List<int[]> changes = routeChanges.getOrDefault(routeUrn, List.of());
        // the route the hot path will use, as it was before the run: absent (created by it) or already working
        String initial = old.containsKey(routeUrn) ? routeTarget(old.get(routeUrn)) : "";
        boolean movedSubnet = !before.equals(after);
        // sample the timeline each second from the start of the run to a minute past the last event
        int horizon = end + rules.time("fckNatForwarding").seconds() + rules.time("eipRetry").seconds() + 60;
        for (int v : holdsFrom.values()) {
            if (v != Integer.MAX_VALUE && v != Integer.MIN_VALUE) {
                horizon = Math.max(horizon, v + 60);
            }
        }
        int noEgress = 0;
        int unlisted = 0;
        // The stack's own addresses, before and after: egress from any of them counts as listed here. A change of
        // the stack's address itself is the guard's business (program.address-change: refused unless acknowledged,
        // with the address to whitelist); what this counts is egress from an address that is none of them, such as
        // a NAT instance's own public IP while the EIP is held elsewhere.
        Set<String> knownAllocations = new TreeSet<>();
        java.util.stream.Stream.concat(old.values().stream(), now.values().stream())
                .filter(r -> r.path("type").asText().equals(EIP))
                .forEach(r -> PlanDiff.idOf(r).ifPresent(knownAllocations::add));
        for (int t = 0; t < horizon; t++) {
            String target = initial;
            for (int[] c : changes) {
                if (c[0] <= t) {
                    target = targets.get(c[1]);
                }
            }
            boolean working = false;
            boolean listed = false;
            if (target.startsWith("natGatewayId=")) {
                String id = target.substring("natGatewayId=".length());
                Optional<String> g = urnOfId(now, id).or(() -> urnOfId(old, id));
                int[] up = g.map(gatewayUp::get).orElse(null);
                working = up != null && up[0] <= t && t < up[1];
                listed = working;
            } else if (target.startsWith("networkInterfaceId=")) {
                String eni = target.substring("networkInterfaceId=".length());
                for (var e : instanceUp.entrySet()) {
                    String groupUrn = e.getKey().replace("#old", "");
                    JsonNode group = now.containsKey(groupUrn) ? now.get(groupUrn) : old.get(groupUrn);
                    Map<String, JsonNode> plan = now.containsKey(groupUrn) ? now : old;
                    if (group != null && instanceInterface(group, plan).filter(eni::equals).isPresent()
                            && e.getValue()[0] <= t && t < e.getValue()[1]) {
                        working = true;
                        boolean old = e.getKey().endsWith("#old");
                        int holds = old ? Integer.MIN_VALUE : holdsFrom.getOrDefault(groupUrn, Integer.MAX_VALUE);
                        listed = holds <= t && instanceAllocation(group, plan).filter(knownAllocations::contains).isPresent();
                    }
                }
            }
            if (!working) {
                noEgress++;
            } else if (!listed) {
                unlisted++;
            }
        }
        List<String> how = new ArrayList<>();
        if (noEgress == 0 && unlisted == 0) {
            how.add(movedSubnet ? "the hot path moves to " + name + ", whose route and NAT were already in place"
                    : "its route and NAT are untouched or replaced without a gap");
            return new Egress(name, 0, 0, how);
        }
        how.add("estimates from transitions/times.json: " + rules.time("natGatewayCreate").estimate()
                + " to create a NAT gateway, " + rules.time("natInstanceInService").estimate() + " for a NAT instance "
                + "to come into service and " + rules.time("fckNatForwarding").estimate() + " more for fck-nat to forward");
        if (movedSubnet) {
            how.add("the hot path moves to " + name + ": counted from the start of the run");
        }
        return new Egress(name, noEgress, unlisted, how);
    }

    private Optional<Rto> rto(List<TimedStep> timed, Egress egress) {
        Optional<String> before = activeWorkloadUrn(old);
        Optional<String> after = activeWorkloadUrn(now);
        if (before.isEmpty() || after.isEmpty() || before.equals(after) || !evacuates()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        int egressReady = egress.noEgressSeconds() == null ? 0 : egress.noEgressSeconds();
        parts.add("egress from the standby workload subnet: " + egressReady + " s (the NAT and the route, above)");
        int tags = timed.stream().filter(t -> t.step().type().equals(SUBNET) && t.step().op() == EngineOrder.Op.UPDATE)
                .mapToInt(TimedStep::end).max().orElse(0);
        int karpenter = rules.time("karpenterNodeLaunch").seconds();
        parts.add("selection tags moved at " + tags + " s, then a Karpenter node in the standby AZ: "
                + rules.time("karpenterNodeLaunch").estimate() + " [" + rules.time("karpenterNodeLaunch").source() + "]");
        int endpoints = timed.stream().filter(t -> t.step().type().equals(ENDPOINT) && t.step().op() == EngineOrder.Op.UPDATE)
                .mapToInt(TimedStep::end).max().orElse(0);
        parts.add("interface endpoints reachable from the standby workload subnet: " + endpoints + " s ("
                + rules.time("endpointSubnetAdd").estimate() + ", " + rules.time("endpointSubnetAdd").source() + ")");
        int aurora = rules.time("auroraFailover").seconds();
        parts.add("Aurora fails over to the reader by itself, in parallel: " + rules.time("auroraFailover").estimate()
                + " [" + rules.time("auroraFailover").source() + "]");
        int total = Math.max(Math.max(egressReady, tags + karpenter), Math.max(endpoints, aurora));
        return Optional.of(new Rto(total, parts));
    }

    /** Whether the new plan runs the hot path outside the primary AZ (an evacuation, not a return). */
    private boolean evacuates() {
        JsonNode state = nextState;
        String active = state.path("activeAzId").asText("");
        return !active.isEmpty() && !active.equals(state.path("primaryAzId").asText(active));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static String urn(JsonNode r) {
        return r.path("urn").asText();
    }

    static Optional<String> urnOfId(Map<String, JsonNode> plan, String id) {
        return plan.values().stream().filter(r -> id.equals(r.path("id").asText()) || id.equals(r.path("readId").asText()))
                .map(TransitionSimulation::urn).findFirst();
    }
}
