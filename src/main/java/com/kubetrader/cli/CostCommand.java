package com.kubetrader.cli;

import com.kubetrader.offline.CostInventory;
import com.kubetrader.offline.OfflineRun;
import com.kubetrader.plan.settings.ConfigSource;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.settings.SettingsReader;
import com.kubetrader.plan.cost.CostModel;
import com.kubetrader.plan.cost.FleetCost;
import com.kubetrader.plan.fleet.FleetSettings;
import com.kubetrader.plan.fleet.ScheduleExpression;
import com.kubetrader.plan.fleet.WindowRunbook;
import com.kubetrader.plan.cost.CostReport;
import com.kubetrader.plan.cost.Layout;
import com.kubetrader.plan.cost.NetworkInventory;
import com.kubetrader.plan.cost.Prices;
import com.kubetrader.plan.cost.TrafficVolumes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kubetrader cost --stack prod}: the monthly network bill of what the stack declares,
 * for the traffic its config assumes, beside the layouts one would otherwise get.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Estimate the stack's monthly network bill from its declared resources and the traffic "
                + "volumes in its config (kubetrader:ingestGbPerDay, natGbPerDay, crossAzGbPerDay, endpointGbPerDay, "
                + "internetOutGbPerDay), beside the same stack in its other NAT modes, the same traffic behind a NAT "
                + "and on the one-NAT-per-AZ default, and the benchmark fleet's own bill when it has one.",
                "Exit codes: 0 estimated, 1 invalid settings, 2 bad flags."})
public final class CostCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Option(names = "--json", description = "The estimate as one JSON document.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** When the stack has no schedule, the saving is shown for this one: four windows a day. */
    static final String EXAMPLE_SCHEDULE = "cron(0 */6 * * ? *)";

    @Override
    public Integer call() {
        var ran = stack.runOrReport(spec);
        if (ran.isEmpty()) {
            return Errors.INVALID_SETTINGS;
        }
        OfflineRun.Result result = ran.get();
        // The stack program validated the volumes already: a bad one fails the run above.
        SettingsReader in = new SettingsReader(ConfigSource.of(result.config()), NetworkSettings.NAMESPACE);
        TrafficVolumes volumes = TrafficVolumes.read(in);
        in.throwIfInvalid();
        Map<String, String> zones = stack.azNamesById();
        NetworkSettings network = NetworkSettings.read(in);
        in.throwIfInvalid();
        NetworkInventory inventory = CostInventory.of(result, zones)
                .withConfiguredNatInstanceType(network.natInstanceType());
        Prices prices = Prices.forRegion(result.config().getOrDefault("aws:region", "ap-northeast-1"));
        List<Layout> layouts = CostModel.compare(inventory, volumes, prices);
        CostReport.FleetComparison fleet;
        try {
            fleet = fleetComparison(result.config(), prices);
        } catch (IllegalArgumentException e) {
            return Errors.print(spec, e.getMessage());
        }
        // The same stack with the hot path in the other AZ: what an evacuation costs while it lasts (or, for a stack
        // evacuated now, what returning saves). Planned by the program like the stack itself.
        boolean evacuated = network.activeZone() != com.kubetrader.plan.network.Zone.PRIMARY;
        OfflineRun.Result other = stack.run(Map.of("kubetrader:activeAzId",
                evacuated ? "" : network.standbyAzId().value()));
        CostReport.Totals totals;
        if (other.failed()) {
            totals = new CostReport.Totals(layouts.get(0), fleet, java.util.Optional.empty(), evacuated, "");
        } else {
            Layout otherLayout = CostModel.declared(CostInventory.of(other, zones)
                    .withConfiguredNatInstanceType(network.natInstanceType()), volumes, prices);
            totals = new CostReport.Totals(layouts.get(0), fleet, java.util.Optional.of(otherLayout), evacuated,
                    network.standbyAzId().value());
        }
        spec.commandLine().getOut().print(json
                ? CostReport.json(result.stack(), inventory, volumes, prices, layouts, fleet, totals)
                : CostReport.text(result.stack(), inventory, volumes, prices, layouts)
                        + (fleet == null ? "" : CostReport.fleetText(fleet)) + CostReport.totalsText(totals));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The fleet as the stack declares it beside the same fleet the other way; null when the fleet is off. */
    static CostReport.FleetComparison fleetComparison(Map<String, String> config, Prices prices) {
        SettingsReader in = new SettingsReader(ConfigSource.of(config), NetworkSettings.NAMESPACE);
        FleetSettings settings = FleetSettings.read(in);
        in.throwIfInvalid(); // validated by the stack program already
        if (!settings.enabled()) {
            return null;
        }
        FleetCost.FleetPrices fleetPrices = FleetCost.FleetPrices.forRegion(settings.region());
        FleetCost.Fleet fleet = new FleetCost.Fleet(settings.azIds().size(), settings.instanceType(),
                settings.rootVolumeGiB(), settings.durationSeconds());
        ScheduleExpression schedule;
        String note;
        try {
            schedule = settings.schedule().isPresent() ? settings.schedule().get()
                    : ScheduleExpression.parse(EXAMPLE_SCHEDULE);
        } catch (ScheduleExpression.InvalidExpression e) {
            throw new IllegalStateException(e);
        }
        FleetCost.Windows windows = new FleetCost.Windows(schedule.text(),
                schedule.windowsPerMonth(settings.scheduleTimezone()),
                WindowRunbook.windowSeconds(settings.durationSeconds()));
        Layout scheduled = FleetCost.scheduled(fleet, windows, prices, fleetPrices);
        Layout alwaysOn = FleetCost.alwaysOn(fleet, prices, fleetPrices);
        if (settings.schedule().isPresent()) {
            note = "kubetrader:benchmarkSchedule = " + schedule.text() + " in " + settings.scheduleTimezone()
                    + "; beside it, the same fleet always on";
            return new CostReport.FleetComparison(scheduled, alwaysOn, true, note, fleetPrices);
        }
        note = "no kubetrader:benchmarkSchedule: always on; beside it, the same fleet on " + EXAMPLE_SCHEDULE
                + " windows as an example";
        return new CostReport.FleetComparison(alwaysOn, scheduled, false, note, fleetPrices);
    }
}
