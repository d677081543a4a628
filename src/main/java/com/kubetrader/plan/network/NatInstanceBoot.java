package com.kubetrader.plan.network;

import com.kubetrader.plan.IamPolicy;
import com.kubetrader.plan.IamStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the NAT instance does at boot and what it may do: fck-nat's configuration, the forwarding health check,
 * and the role's statements. Pure: the component passes in the IDs once AWS has assigned them.
 *
 * <p>fck-nat ({@code service/fck-nat.sh}) reads {@code /etc/fck-nat.conf}. With {@code eni_id} it turns off
 * source/destination check on the instance's own (outbound) interface, attaches the fixed interface as device 1,
 * and forwards what arrives there out of the outbound interface with MASQUERADE. With {@code eip_id} it associates
 * the allocation with that outbound interface, which is where the translated packets leave: so the whitelisted
 * address is the one the exchange sees. The allocation never changes; a replacement instance re-associates it.
 */
public final class NatInstanceBoot {

    static final String HEALTH_SCRIPT = "/usr/local/bin/kubetrader-nat-health";
    public static final String SSM_CORE_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

    private NatInstanceBoot() {
    }

    static final String EIP_SCRIPT = "/usr/local/bin/kubetrader-nat-eip";
    /** How long the instance keeps trying to take the whitelisted address: 180 tries, 10 s apart. */
    public static final int EIP_TRIES = 180;
    public static final int EIP_INTERVAL_SECONDS = 10;

    /**
     * Cloud-init user data: configure fck-nat, install the address keeper (which retries the association until the
     * address is free) and the health check (which also checks that traffic leaves from {@code publicIp}), restart
     * fck-nat with its configuration.
     */
    public static String userData(NatPlan.Mode.Instance nat, NatPlan.InstanceSlot slot, String interfaceId,
                                  String allocationId, String publicIp) {
        return """
                #!/bin/bash
                # kubetrader NAT instance (%s): fck-nat with a fixed interface and the whitelisted EIP.
                set -euo pipefail
                cat > /etc/fck-nat.conf <<'CONF'
                eni_id=%s
                eip_id=%s
                CONF
                cat > %s <<'SCRIPT'
                %sSCRIPT
                cat > %s <<'SCRIPT'
                %sSCRIPT
                chmod 755 %s %s
                cat > /etc/systemd/system/kubetrader-nat-eip.service <<'UNIT'
                [Unit]
                Description=Keep the whitelisted EIP on this NAT instance, retrying until it is free
                After=fck-nat.service
                [Service]
                Type=oneshot
                ExecStart=%s %s %s %d %d
                [Install]
                WantedBy=multi-user.target
                UNIT
                cat > /etc/systemd/system/kubetrader-nat-health.service <<'UNIT'
                [Unit]
                Description=kubetrader NAT forwarding health check
                After=fck-nat.service
                [Service]
                Type=oneshot
                ExecStart=%s %s %s %s
                UNIT
                cat > /etc/systemd/system/kubetrader-nat-health.timer <<'UNIT'
                [Unit]
                Description=Check NAT forwarding every minute after a five-minute boot grace
                [Timer]
                OnBootSec=5min
                OnUnitActiveSec=60s
                [Install]
                WantedBy=timers.target
                UNIT
                systemctl daemon-reload
                systemctl enable --now kubetrader-nat-health.timer
                systemctl restart fck-nat.service
                systemctl enable kubetrader-nat-eip.service
                systemctl start --no-block kubetrader-nat-eip.service
                """.formatted(slot.autoScalingGroupName(), interfaceId, allocationId, EIP_SCRIPT, script("kubetrader-nat-eip.sh"),
                HEALTH_SCRIPT, healthScript(), EIP_SCRIPT, HEALTH_SCRIPT, EIP_SCRIPT, allocationId, nat.region(),
                EIP_TRIES, EIP_INTERVAL_SECONDS, HEALTH_SCRIPT, interfaceId, nat.region(), publicIp);
    }

    /** The health check the user data installs, as shipped in the jar. */
    public static String healthScript() {
        return script("kubetrader-nat-health.sh");
    }

    /** A script under src/main/resources/nat/, as shipped in the jar. */
    public static String script(String name) {
        try (InputStream in = NatInstanceBoot.class.getResourceAsStream("/nat/" + name)) {
            if (in == null) {
                throw new IllegalStateException("nat/" + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The role's own statements (SSM core is attached beside them). Each names the one interface, the one
     * allocation or the one group, or is held to resources carrying this NAT's tag.
     */
    public static List<IamStatement> statements(NatPlan.Mode.Instance nat, NatPlan.InstanceSlot slot,
                                                String interfaceId, String allocationId) {
        String ec2 = "arn:aws:ec2:" + nat.region() + ":" + nat.accountId() + ":";
        Map<String, Map<String, List<String>>> tagged = Map.of("StringEquals",
                Map.of("aws:ResourceTag/" + NatPlan.InstanceSlot.TAG, List.of(slot.autoScalingGroupName())));
        return List.of(
                new IamStatement("AttachTheFixedInterface", "Allow", List.of("ec2:AttachNetworkInterface"),
                        List.of(ec2 + "network-interface/" + interfaceId, ec2 + "instance/*"), tagged),
                new IamStatement("TurnOffSourceDestCheckOnItsOwnInterface", "Allow",
                        List.of("ec2:ModifyNetworkInterfaceAttribute"), List.of(ec2 + "network-interface/*"), tagged),
                IamStatement.allow("AssociateTheWhitelistedAddress", List.of("ec2:AssociateAddress"),
                        List.of(ec2 + "elastic-ip/" + allocationId)),
                new IamStatement("AssociateItWithItsOwnInterface", "Allow", List.of("ec2:AssociateAddress"),
                        List.of(ec2 + "network-interface/*"), tagged),
                // DescribeAddresses takes no resource-level permissions: it lists addresses, never changes them
                IamStatement.allow("SeeWhoHoldsTheAddress", List.of("ec2:DescribeAddresses"), List.of("*")),
                IamStatement.allow("ReportItselfUnhealthy", List.of("autoscaling:SetInstanceHealth"),
                        List.of("arn:aws:autoscaling:" + nat.region() + ":" + nat.accountId()
                                + ":autoScalingGroup:*:autoScalingGroupName/" + slot.autoScalingGroupName())));
    }

    public static String trustPolicyJson() {
        return IamPolicy.trust("ec2.amazonaws.com", Map.of());
    }

    public static String policyJson(NatPlan.Mode.Instance nat, NatPlan.InstanceSlot slot, String interfaceId,
                                    String allocationId) {
        return IamPolicy.of(statements(nat, slot, interfaceId, allocationId));
    }
}
