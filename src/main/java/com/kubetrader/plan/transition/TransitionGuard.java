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

    /**
     * Where the change happens: the stack (for the commands), the project (for URNs), the VPC and the blocks kept
     * for the reserved AZ (a suggested free block avoids them, or the settings would refuse it).
     */
    public record Context(String project, String stack, Cidr vpcCidr, List<Cidr> reservedBlocks,
                          boolean confirmEgressAddressChange) {
        public Context {
            reservedBlocks = List.copyOf(reservedBlocks);
        }
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
        // the first refusal with runs gives the way through: the most fundamental first
        standbyAddressWhileEvacuated(prev, next, ctx, refusals);
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
            Run change = Run.configThenUp("make the change, acknowledging the new address", ctx.stack(),
                    "kubetrader:confirmEgressAddressChange", "true");
            Run drop = Run.configThenUp("drop the acknowledgement, so the next change is guarded again", ctx.stack(),
                    "kubetrader:confirmEgressAddressChange", null);
            List<Run> runs = now.adopted() && now.allocationId().isPresent()
                    ? List.of(new Run("whitelist the adopted address with the exchange first, beside the current one "
                            + "(the API key's IP restriction is a set); its public IP", List.of("aws ec2 "
                            + "describe-addresses --allocation-ids " + now.allocationId().get()
                            + " --query 'Addresses[0].PublicIp' --output text")), change, drop)
                    : List.of(change, new Run("whitelist the new address at once: AWS allocates it during the run, so "
                            + "it cannot be whitelisted before, and the exchange refuses signed requests from it until "
                            + "it is; its public IP", List.of("pulumi stack output natPublicIp -s " + ctx.stack())), drop);
            refusals.add(new Refusal(rules.rule("program.address-change"), "The whitelisted egress address would "
                    + "change: " + how + ".", runs));
        } else if (changes) {
            notices.add(new Notice("program.address-change", "The whitelisted egress address changes ("
                    + "kubetrader:confirmEgressAddressChange is set): " + how + "."));
        } else if (was.adopted() != now.adopted()) {
            notices.add(new Notice("engine.managed-to-read", "The stack's own EIP " + was.allocationId().orElse("")
                    + " is adopted as it is: the same address, no longer managed by the stack (a read of the same ID)."));
        }
        if (prev.standbyEip().isPresent() && next.standbyEip().isEmpty()) {
            String urn = standbyEipUrn(ctx);
            // The engine stops the preview itself (the address is protected); the program says what follows.
            notices.add(new Notice("engine.protected", "kubetrader:standbyEip=false removes the standby EIP, which is "
                    + "protected: the preview stops unless you first run `pulumi state unprotect '" + urn + "' -s "
                    + ctx.stack() + "`. It is also retained on delete: it stays allocated and billed (about $3.65 a "
                    + "month) until `aws ec2 release-address --allocation-id " + prev.standbyEip().get().allocationId()
                    .orElse("<its allocation ID>") + "`, once no exchange whitelist needs it."));
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

    /** The standby EIP is added or removed only while the hot path runs in the primary AZ. */
    private void standbyAddressWhileEvacuated(TransitionState prev, TransitionState next, Context ctx,
                                              List<Refusal> refusals) {
        boolean evacuated = !prev.activeAzId().equals(prev.primaryAzId());
        boolean stays = !next.activeAzId().equals(next.primaryAzId());
        if (!evacuated || !stays || prev.standbyEip().isPresent() == next.standbyEip().isPresent()) {
            return;
        }
        String s = " -s " + ctx.stack();
        List<Run> runs = new ArrayList<>();
        String back = "once " + prev.primaryAzId() + " is back (stay as you are while it is out), ";
        if (prev.standbyEip().isEmpty() && prev.natMode().equals("gateway")) {
            // the standby NAT gateway holds the whitelisted EIP, and a gateway gives it up only when deleted
            runs.add(Run.configThenUp(back + "release the whitelisted EIP from the standby NAT gateway: no egress until "
                    + "the next run", ctx.stack(), "kubetrader:standbyEip", "false", "kubetrader:natMode", "none"));
            runs.add(Run.configThenUp("return the hot path, the primary NAT gateway taking the whitelisted EIP",
                    ctx.stack(), "kubetrader:natMode", "gateway", "kubetrader:activeAzId", null));
        } else {
            runs.add(Run.configThenUp(back + "return the hot path to it, with kubetrader:standbyEip as it was",
                    ctx.stack(), "kubetrader:standbyEip", String.valueOf(prev.standbyEip().isPresent()),
                    "kubetrader:activeAzId", null));
        }
        runs.add(next.standbyEip().isPresent()
                ? Run.configThenUp("then add the standby EIP, and whitelist it beside the first", ctx.stack(),
                        "kubetrader:standbyEip", "true")
                : new Run("then remove the standby EIP: it is protected, so unprotect it knowingly first; it stays "
                        + "allocated (retained) until you release it", List.of(
                        "pulumi state unprotect '" + standbyEipUrn(ctx) + "'" + s,
                        "pulumi config set kubetrader:standbyEip false" + s, "pulumi up" + s)));
        refusals.add(new Refusal(rules.rule("program.standby-eip-evacuated"), "kubetrader:standbyEip would "
                + (next.standbyEip().isPresent() ? "add a standby EIP" : "remove the standby EIP") + " while the hot "
                + "path runs in " + prev.activeAzId() + (next.standbyEip().isPresent() ? ": the new address is not "
                + "whitelisted, and a new primary NAT would take the whitelisted one from the hot path." : ", which "
                + "egresses from it."), runs));
    }

    /** The standby EIP's URN, for `pulumi state unprotect`. */
    static String standbyEipUrn(Context ctx) {
        return "urn:pulumi:" + ctx.stack() + "::" + ctx.project()
                + "::pulumi:pulumi:Stack$kubetrader:network:SingleAzVpc$kubetrader:network:EipNat$aws:ec2/eip:Eip::"
                + "kubetrader-standby-nat-eip";
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
                        + rules.rule("aws.subnet-cidr-conflict").cited(), azMoveRuns(prev, next, ctx, movingRoles(prev, next))));
            } else {
                Optional<Cidr> free = freeBlock(ctx, block.prefix(), prev, next, List.of());
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
                        azMoveRuns(prev, next, ctx, movedRoles)));
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

    /** The roles whose subnets change AZ between the two states, in a stable order. */
    private static List<String> movingRoles(TransitionState prev, TransitionState next) {
        return next.subnets().entrySet().stream()
                .filter(e -> prev.subnets().containsKey(e.getKey())
                        && !prev.subnets().get(e.getKey()).azId().equals(e.getValue().azId()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * The way through an AZ move: evacuate with the old primary AZ, drain, move with blocks no old subnet holds
     * (suggested: the first free ones of the same sizes) and protection off for that run, return.
     */
    private static List<Run> azMoveRuns(TransitionState prev, TransitionState next, Context ctx, List<String> roles) {
        String s = " -s " + ctx.stack();
        List<String> move = new ArrayList<>();
        move.add("pulumi config set kubetrader:primaryAzId " + next.primaryAzId() + s);
        if (!next.reservedAzId().equals(prev.reservedAzId())) {
            move.add(next.reservedAzId().isEmpty() ? "pulumi config rm kubetrader:reservedAzId" + s
                    : "pulumi config set kubetrader:reservedAzId " + next.reservedAzId() + s);
        }
        List<Cidr> suggested = new ArrayList<>();
        for (String role : roles) {
            Cidr wanted = Cidr.parse(next.subnets().get(role).cidr());
            boolean clashes = prev.subnets().values().stream().anyMatch(o -> Cidr.parse(o.cidr()).overlaps(wanted));
            Optional<Cidr> block = clashes ? freeBlock(ctx, wanted.prefix(), prev, next, suggested) : Optional.of(wanted);
            block.ifPresent(suggested::add);
            move.add("pulumi config set kubetrader:" + roleKey(role) + " "
                    + block.map(Cidr::toString).orElse("<a free /" + wanted.prefix() + ": the VPC has none left>") + s);
        }
        if (prev.protect()) {
            move.add("pulumi config set kubetrader:protect false" + s);
        }
        move.add("pulumi up" + s);
        List<String> evacuate = new ArrayList<>();
        evacuate.add("pulumi config set kubetrader:primaryAzId " + prev.primaryAzId() + s);
        if (!prev.reservedAzId().isEmpty() && !prev.reservedAzId().equals(next.reservedAzId())) {
            evacuate.add("pulumi config set kubetrader:reservedAzId " + prev.reservedAzId() + s);
        }
        evacuate.add("pulumi config set kubetrader:activeAzId " + prev.standbyAzId() + s);
        evacuate.add("pulumi up" + s);
        List<String> back = new ArrayList<>();
        back.add("pulumi config rm kubetrader:activeAzId" + s);
        if (prev.protect()) {
            back.add("pulumi config set kubetrader:protect true" + s);
        }
        back.add("pulumi up" + s);
        return List.of(
                new Run("evacuate first, with the AZ IDs as they were: the hot path to " + prev.standbyAzId()
                        + ", nothing in the moving AZ touched", evacuate),
                new Run("drain what runs in " + prev.primaryAzId() + ": EKS nodes (Karpenter follows the selection "
                        + "tags) and Aurora's writer (fail over to the reader, then replace the instance)",
                        List.of("see docs/migrations.md#moving-the-primary-az")),
                new Run("move the AZ with blocks no old subnet holds" + (prev.protect() ? ", protection off for this "
                        + "one run (the engine allows a replacement in the run that unprotects)" : ""), move),
                new Run("return the hot path to the new primary AZ" + (prev.protect() ? " and protect again" : ""), back));
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

    /** The first block of this size in the VPC that no old or new subnet, reserved block or other suggestion holds. */
    static Optional<Cidr> freeBlock(Context ctx, int prefix, TransitionState prev, TransitionState next,
                                    List<Cidr> alsoTaken) {
        Cidr vpc = ctx.vpcCidr();
        List<Cidr> taken = new ArrayList<>(ctx.reservedBlocks());
        taken.addAll(alsoTaken);
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
