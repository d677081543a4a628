package com.kubetrader.plan.transition;

import com.kubetrader.plan.network.NatPlan;
import com.kubetrader.plan.network.NetworkPlan;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.network.SubnetPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a stack leaves behind that decides whether the next change can complete on AWS: the NAT mode, where the hot
 * path runs, which addresses it holds and where its subnets are. Exported as the stack output
 * {@value #OUTPUT} after every {@code pulumi up}, and read back by the next run (a stack may read its own last
 * outputs), so the program can refuse at preview a change AWS would refuse halfway.
 *
 * @param eip        the primary address: created by the stack, or adopted (with its allocation ID)
 * @param standbyEip the standby address, when the stack has one
 * @param subnets    subnet role slug to its CIDR and AZ ID
 */
public record TransitionState(String natMode, String activeAzId, String primaryAzId, String standbyAzId,
                              String reservedAzId, Eip eip,
                              Optional<Eip> standbyEip, Map<String, Subnet> subnets, boolean benchmarkScheduled,
                              boolean protect) {

    public static final String OUTPUT = "transitionState";
    public static final int SCHEMA = 1;

    public TransitionState {
        subnets = Map.copyOf(subnets);
    }

    /** An address: {@code created} by the stack or {@code adopted}; the allocation ID once AWS has given one. */
    public record Eip(String source, Optional<String> allocationId) {
        public static final String CREATED = "created";
        public static final String ADOPTED = "adopted";

        public boolean adopted() {
            return ADOPTED.equals(source);
        }
    }

    public record Subnet(String cidr, String azId) {
    }

    /** The state a plan will leave. Allocation IDs of created addresses are unknown until AWS allocates them. */
    public static TransitionState of(NetworkSettings settings, NetworkPlan plan, boolean benchmarkScheduled) {
        Map<String, Subnet> subnets = new LinkedHashMap<>();
        for (SubnetPlan s : plan.subnets()) {
            subnets.put(s.role().slug(), new Subnet(s.cidr().toString(), s.azId().value()));
        }
        return new TransitionState(settings.natMode().key(), settings.azId(settings.activeZone()).value(),
                settings.primaryAzId().value(), settings.standbyAzId().value(),
                settings.reservedAzId() == null ? "" : settings.reservedAzId().value(), eip(plan.nat().primaryEip()),
                plan.nat().standbyEip().map(TransitionState::eip), subnets, benchmarkScheduled, settings.protect());
    }

    private static Eip eip(NatPlan.EipSource source) {
        return source instanceof NatPlan.EipSource.Adopt a ? new Eip(Eip.ADOPTED, Optional.of(a.allocationId()))
                : new Eip(Eip.CREATED, Optional.empty());
    }

    /** With the allocation IDs AWS gave, as the stack exports it. */
    public TransitionState withAllocations(String primary, String standby) {
        return new TransitionState(natMode, activeAzId, primaryAzId, standbyAzId, reservedAzId,
                new Eip(eip.source(), Optional.ofNullable(primary).filter(s -> !s.isEmpty())),
                standbyEip.map(e -> new Eip(e.source(), Optional.ofNullable(standby).filter(s -> !s.isEmpty()))),
                subnets, benchmarkScheduled, protect);
    }

    /** The stack output: plain maps, lists and strings, keys in a fixed order. */
    public Map<String, Object> toOutput() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", SCHEMA);
        out.put("natMode", natMode);
        out.put("activeAzId", activeAzId);
        out.put("primaryAzId", primaryAzId);
        out.put("standbyAzId", standbyAzId);
        out.put("reservedAzId", reservedAzId);
        out.put("eip", eipMap(eip));
        standbyEip.ifPresent(e -> out.put("standbyEip", eipMap(e)));
        Map<String, Object> subs = new LinkedHashMap<>();
        subnets.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> subs.put(e.getKey(),
                Map.of("azId", e.getValue().azId(), "cidr", e.getValue().cidr())));
        out.put("subnets", subs);
        out.put("benchmarkScheduled", benchmarkScheduled);
        out.put("protect", protect);
        return out;
    }

    private static Map<String, Object> eipMap(Eip e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", e.source());
        e.allocationId().ifPresent(id -> m.put("allocationId", id));
        return m;
    }

    /**
     * The state an earlier run exported, from the stack's outputs; empty for a new stack, or one last deployed by a
     * version of this program that did not export it.
     */
    @SuppressWarnings("unchecked")
    public static Optional<TransitionState> fromOutputs(Map<String, Object> outputs) {
        if (!(outputs.get(OUTPUT) instanceof Map<?, ?> raw)) {
            return Optional.empty();
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        Map<String, Subnet> subnets = new LinkedHashMap<>();
        if (m.get("subnets") instanceof Map<?, ?> subs) {
            subs.forEach((k, v) -> {
                Map<String, Object> s = (Map<String, Object>) v;
                subnets.put(String.valueOf(k), new Subnet(String.valueOf(s.get("cidr")), String.valueOf(s.get("azId"))));
            });
        }
        return Optional.of(new TransitionState(text(m, "natMode"), text(m, "activeAzId"), text(m, "primaryAzId"),
                text(m, "standbyAzId"), text(m, "reservedAzId"), readEip(m.get("eip")).orElse(new Eip(Eip.CREATED, Optional.empty())),
                readEip(m.get("standbyEip")), subnets, Boolean.TRUE.equals(m.get("benchmarkScheduled")),
                Boolean.TRUE.equals(m.get("protect"))));
    }

    @SuppressWarnings("unchecked")
    private static Optional<Eip> readEip(Object raw) {
        if (!(raw instanceof Map<?, ?> e)) {
            return Optional.empty();
        }
        Map<String, Object> m = (Map<String, Object>) e;
        return Optional.of(new Eip(text(m, "source"), Optional.ofNullable(m.get("allocationId")).map(String::valueOf)));
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
