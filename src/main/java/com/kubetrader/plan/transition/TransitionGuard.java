package com.kubetrader.plan.transition;

import com.kubetrader.plan.Cidr;
import com.kubetrader.plan.network.NatPlan;
import com.kubetrader.plan.network.SubnetRole;
import com.kubetrader.plan.network.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses, at preview, a change that cannot complete in one {@code pulumi up} on AWS, and names the runs that get
 * there. The program knows the state it is leaving: its last run exported a {@link TransitionState}, which it reads
 * back. Each check cites a rule in transitions/rules.json; {@code plan --diff-against} simulates the same change step
 * by step, and a test holds the two to each other over every change one setting can make.
 */
public final class TransitionGuard {

    /** What the guard says about a change: refusals stop it, notices go with it. */
    public record Verdict(List<Refusal> refusals, List<Notice> notices) {
        public Verdict {
            refusals = List.copyOf(refusals);
            notices = List.copyOf(notices);
        }

        public boolean refused() {
            return !refusals.isEmpty();
        }

        /** The refusal as the program throws it: every refusal, its rule, and the way through. */
        public String message() {
            return "This change cannot complete in one `pulumi up`; nothing was changed:\n"
                    + String.join("\n", refusals.stream().map(r -> " - " + r.message()).toList());
        }
    }

    /** Where the change happens: the stack (for the commands) and the project (for URNs). */
    public record Context(String project, String stack, Cidr vpcCidr, boolean confirmEgressAddressChange) {
    }

    private final TransitionRules rules;

    public TransitionGuard(TransitionRules rules) {
        this.rules = rules;
    }

    public static TransitionGuard bundled() {
        return new TransitionGuard(TransitionRules.bundled());
    }

    /** A new stack, or one last deployed without a transition state: nothing to guard. */
    public Verdict check(Optional<TransitionState> previous, TransitionState next, Context ctx) {
        if (previous.isEmpty()) {
            return new Verdict(List.of(), List.of());
        }
        TransitionState prev = previous.get();
        List<Refusal> refusals = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        addresses(prev, next, ctx, refusals, notices);
        natHolders(prev, next, ctx, refusals, notices);
        subnets(prev, next, ctx, refusals, notices);
        if (prev.benchmarkScheduled() && !next.benchmarkScheduled()) {
            notices.add(new Notice("provider.instance-state-delete", "kubetrader:benchmarkSchedule is unset: the "
                    + "fleet's instances are started and declared running (they were stopped between windows), ready "
                    + "for a send-command by hand; they cost their hours until kubetrader:benchmarkEnabled=false."));
        }
        return new Verdict(refusals, notices);
    }

    // ---- the whitelisted addresses --------------------------------------------------------------------------

    private void addresses(TransitionState prev, TransitionState next, Context ctx, List<Refusal> refusals,
                           List<Notice> notices) {
        TransitionState.Eip was = prev.eip();
        TransitionState.Eip now = next.eip();
        boolean changes;
        String how;
        if (!was.adopted() && !now.adopted()) {
            changes = false;
            how = "";
        } else if (!was.adopted()) {
            String adopted = now.allocationId().orElse("?");
            changes = was.allocationId().map(a -> !a.equals(adopted)).orElse(true);
            how = "adopting " + adopted + " moves egress to that address; the stack's own address"
                    + was.allocationId().map(a -> " (" + a + ")").orElse("")
                    + " leaves the stack, still allocated and billed (about $3.65 a month) until you release it: "
                    + "once the adopted address is whitelisted, `aws ec2 release-address --allocation-id "
                    + was.allocationId().orElse("<its allocation ID>") + "`";
        } else if (!now.adopted()) {
            changes = true;
            how = "un-adopting " + was.allocationId().orElse("the adopted address") + " creates a brand-new address "
                    + "(a create-replacement: AWS allocates a new one, which no exchange has whitelisted); the adopted "
                    + "address stays allocated in your account, outside the stack. After the up, whitelist the new one: "
                    + "`pulumi stack output natPublicIp -s " + ctx.stack() + "`";
        } else {
            changes = !was.allocationId().equals(now.allocationId());
            how = "adopting " + now.allocationId().orElse("?") + " instead of " + was.allocationId().orElse("?")
                    + " moves egress to that address; " + was.allocationId().orElse("the old one")
                    + " stays allocated in your account";
        }
        if (changes && !ctx.confirmEgressAddressChange()) {
            refusals.add(new Refusal(rules.rule("program.address-change"), "The whitelisted egress address would "
                    + "change: " + how + ".", List.of(
                    new Run("whitelist the new address with the exchange first, where you know it", List.of()),
                    Run.configThenUp("make the change, acknowledging the new address", ctx.stack(),
                            "kubetrader:confirmEgressAddressChange", "true"),
                    Run.configThenUp("drop the acknowledgement, so the next change is guarded again", ctx.stack(),
                            "kubetrader:confirmEgressAddressChange", null))));
        } else if (changes) {
            notices.add(new Notice("program.address-change", "The whitelisted egress address changes ("
                    + "kubetrader:confirmEgressAddressChange is set): " + how + "."));
        } else if (was.adopted() != now.adopted()) {
            notices.add(new Notice("engine.managed-to-read", "The stack's own EIP " + was.allocationId().orElse("")
                    + " is adopted as it is: the same address, no longer managed by the stack (a read of the same ID)."));
        }
        if (prev.standbyEip().isPresent() && next.standbyEip().isEmpty()) {
            String urn = "urn:pulumi:" + ctx.stack() + "::" + ctx.project()
                    + "::pulumi:pulumi:Stack$kubetrader:network:SingleAzVpc$kubetrader:network:EipNat$aws:ec2/eip:Eip::"
                    + "kubetrader-standby-nat-eip";
            refusals.add(new Refusal(rules.rule("engine.protected"), "kubetrader:standbyEip=false removes the standby "
                    + "EIP, which is protected: the engine stops the preview rather than delete it. It is also retained "
                    + "on delete, so even unprotected it stays allocated and billed until you release it.", List.of(
                    new Run("unprotect it, knowingly", List.of("pulumi state unprotect '" + urn + "' -s " + ctx.stack())),
                    Run.configThenUp("remove it from the stack (it stays in the account)", ctx.stack(),
                            "kubetrader:standbyEip", "false"),
                    new Run("release it once nothing needs it", List.of(
                            "aws ec2 release-address --allocation-id " + prev.standbyEip().get().allocationId()
                                    .orElse("<its allocation ID>"))))));
        }
    }

    // ---- who holds each address -------------------------------------------------------------------------------

    /** Address key to the slot holding it and how (gateway or instance). */
    private static Map<String, String[]> holders(TransitionState s) {
        Zone active = s.activeAzId().equals(s.standbyAzId()) && !s.activeAzId().equals(s.primaryAzId())
                ? Zone.STANDBY : Zone.PRIMARY;
        Map<String, String[]> out = new LinkedHashMap<>();
        for (NatPlan.Layout l : NatPlan.layout(s.natMode(), active, s.standbyEip().isPresent())) {
            out.put(l.address(), new String[] {l.slot(), s.natMode()});
        }
        return out;
    }

    private void natHolders(TransitionState prev, TransitionState next, Context ctx, List<Refusal> refusals,
                            List<Notice> notices) {
        Map<String, String[]> before = holders(prev);
        Map<String, String[]> after = holders(next);
        for (var e : after.entrySet()) {
            String[] was = before.get(e.getKey());
            String[] now = e.getValue();
            if (was == null || (was[0].equals(now[0]) && was[1].equals(now[1]))) {
                continue;
            }
            String address = e.getKey().equals(NatPlan.PRIMARY) ? "the whitelisted EIP" : "the standby EIP";
            String oldHolder = describe(was);
            String newHolder = describe(now);
            if (now[1].equals("gateway") && !(was[0].equals(now[0]) && was[1].equals("gateway"))) {
                refusals.add(new Refusal(rules.rule("aws.eip-one-holder"), "The " + newHolder + " would be created "
                        + "holding " + address + " while the " + oldHolder + " still holds it: the engine deletes what "
                        + "the program no longer declares only at the end of the run (" + rules.rule("engine.deletes-last")
                        .sources().get(0) + "), so CreateNatGateway fails with Resource.AlreadyAssociated, every time.",
                        waysThrough(prev, next, ctx)));
            } else if (now[1].equals("instance") && was[1].equals("gateway")) {
                notices.add(new Notice("aws.nat-gateway-keeps-its-address", "The " + newHolder + " boots while the "
                        + oldHolder + " still holds " + address + " (it is deleted at the end of the run): until then "
                        + "traffic through the instance leaves from its own public IP, which no exchange has whitelisted, "
                        + "and the address keeper takes the EIP within 10 s of the gateway's deletion."));
            }
        }
    }

    private static String describe(String[] holder) {
        String where = holder[0].equals(NatPlan.PRIMARY) ? "primary" : "standby";
        return where + (holder[1].equals("gateway") ? " NAT gateway" : " NAT instance");
    }

    /** The runs that get a refused NAT change there: first natMode none (the old holder goes), then the target. */
    private static List<Run> waysThrough(TransitionState prev, TransitionState next, Context ctx) {
        List<String> target = new ArrayList<>();
        target.add("kubetrader:natMode");
        target.add(next.natMode());
        if (!prev.activeAzId().equals(next.activeAzId())) {
            target.add("kubetrader:activeAzId");
            target.add(next.activeAzId().equals(next.primaryAzId()) ? null : next.activeAzId());
        }
        return List.of(
                Run.configThenUp("release the address: the old NAT is deleted and nothing routes out until the next "
                        + "run (plan the gap)" + (prev.activeAzId().equals(next.activeAzId()) ? ""
                        : "; deleting the old NAT is an API call in the AZ it runs in"), ctx.stack(),
                        "kubetrader:natMode", "none"),
                Run.configThenUp("create the new NAT with the free address", ctx.stack(), target.toArray(String[]::new)));
    }

    // ---- subnets ----------------------------------------------------------------------------------------------

    private void subnets(TransitionState prev, TransitionState next, Context ctx, List<Refusal> refusals,
                         List<Notice> notices) {
        List<String> movedRoles = new ArrayList<>();
        for (var e : next.subnets().entrySet()) {
            String role = e.getKey();
            TransitionState.Subnet now = e.getValue();
            TransitionState.Subnet was = prev.subnets().get(role);
            if (was != null && was.equals(now)) {
                continue; // unchanged
            }
            boolean moves = was != null && !was.azId().equals(now.azId());
            if (moves) {
                movedRoles.add(role);
            }
            // created, or replaced: the new subnet exists beside every old one until the deletes at the end
            Cidr block = Cidr.parse(now.cidr());
            List<String> clashes = prev.subnets().entrySet().stream()
                    .filter(o -> Cidr.parse(o.getValue().cidr()).overlaps(block))
                    .map(o -> o.getKey() + " " + o.getValue().cidr()).toList();
            if (clashes.isEmpty()) {
                continue;
            }
            String key = "kubetrader:" + roleKey(role);
            if (moves) {
                refusals.add(new Refusal(rules.rule("program.az-move"), "The " + role + " subnet would move from "
                        + was.azId() + " to " + now.azId() + " keeping a block the old subnet still holds ("
                        + String.join(", ", clashes) + "): the new subnet is created beside the old one, and "
                        + rules.rule("aws.subnet-cidr-conflict").cited(), azMoveRuns(prev, next, ctx)));
            } else {
                Optional<Cidr> free = freeBlock(ctx.vpcCidr(), block.prefix(), prev, next);
                refusals.add(new Refusal(rules.rule("aws.subnet-cidr-conflict"), "The " + role + " subnet would be "
                        + (was == null ? "created" : "replaced") + " with " + now.cidr() + ", which overlaps "
                        + String.join(", ", clashes) + " while that still exists: the engine creates the new subnet "
                        + "before it deletes the old (" + rules.rule("engine.create-before-delete").sources().get(0)
                        + ").", free.map(f -> List.of(
                        Run.configThenUp("move it to a free block first", ctx.stack(), key, f.toString()),
                        Run.configThenUp("then to the block you want", ctx.stack(), key, now.cidr()))).orElse(List.of())));
            }
        }
        if (!movedRoles.isEmpty() && refusals.stream().noneMatch(r -> r.rule().id().equals("program.az-move"))) {
            String movingAz = prev.subnets().get(movedRoles.get(0)).azId();
            if (movingAz.equals(prev.activeAzId())) {
                refusals.add(new Refusal(rules.rule("program.az-move"), "The subnets " + String.join(", ", movedRoles)
                        + " would move out of " + movingAz + ", where the hot path runs: everything in them is "
                        + "replaced, the NAT with them, and the old subnets cannot be deleted while Aurora or EKS "
                        + "interfaces remain (" + rules.rule("aws.subnet-with-interfaces").awsError().orElse("") + ").",
                        azMoveRuns(prev, next, ctx)));
            } else {
                notices.add(new Notice("aws.subnet-with-interfaces", "The subnets " + String.join(", ", movedRoles)
                        + " move out of " + movingAz + ": they are replaced, and the old ones are deleted at the end of "
                        + "the run, which fails with DependencyViolation while they hold interfaces. Drain EKS nodes and "
                        + "move Aurora's instances out of them first (docs/migrations.md#moving-the-primary-az)."
                        + (prev.protect() && next.protect() ? " They are protected: set kubetrader:protect=false for "
                        + "this run (the engine allows a replacement in the run that unprotects)." : "")));
            }
        }
    }

    private static List<Run> azMoveRuns(TransitionState prev, TransitionState next, Context ctx) {
        String standby = prev.standbyAzId();
        return List.of(
                Run.configThenUp("evacuate: the hot path to the standby AZ, nothing in the moving AZ touched",
                        ctx.stack(), "kubetrader:activeAzId", standby),
                new Run("drain what runs in the moving AZ: EKS nodes (Karpenter follows the tags), Aurora's writer "
                        + "(fail over to the reader)", List.of("see docs/migrations.md#moving-the-primary-az")),
                new Run("move the AZ with blocks no old subnet holds, and kubetrader:protect=false for this run in "
                        + "prod", List.of("pulumi config set kubetrader:primaryAzId " + next.primaryAzId() + " -s "
                        + ctx.stack(), "pulumi config set kubetrader:publicSubnetCidr <a free block> -s " + ctx.stack(),
                        "pulumi config set kubetrader:workloadSubnetCidr <a free block> -s " + ctx.stack(),
                        "pulumi config set kubetrader:dataSubnetCidr <a free block> -s " + ctx.stack(),
                        "pulumi up -s " + ctx.stack())),
                Run.configThenUp("return the hot path to the (new) primary AZ", ctx.stack(), "kubetrader:activeAzId",
                        null));
    }

    /** The stack setting that holds a subnet role's block. */
    static String roleKey(String slug) {
        for (SubnetRole r : SubnetRole.values()) {
            if (r.slug().equals(slug)) {
                return r.configKey();
            }
        }
        return slug;
    }

    /** The first block of this size in the VPC that no old or new subnet holds. */
    static Optional<Cidr> freeBlock(Cidr vpc, int prefix, TransitionState prev, TransitionState next) {
        List<Cidr> taken = new ArrayList<>();
        prev.subnets().values().forEach(s -> taken.add(Cidr.parse(s.cidr())));
        next.subnets().values().forEach(s -> taken.add(Cidr.parse(s.cidr())));
        for (Cidr candidate : vpc.subdivide(prefix)) {
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
