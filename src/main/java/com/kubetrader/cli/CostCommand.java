package com.kubetrader.cli;

import com.kubetrader.offline.CostInventory;
import com.kubetrader.offline.OfflineRun;
import com.kubetrader.plan.settings.ConfigSource;
import com.kubetrader.plan.network.NetworkSettings;
import com.kubetrader.plan.settings.SettingsReader;
import com.kubetrader.plan.cost.CostModel;
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
                + "volumes in its config (kubetrader:ingestGbPerDay, natGbPerDay, crossAzGbPerDay, endpointGbPerDay), "
                + "beside the same traffic behind a NAT and on the one-NAT-per-AZ default.",
                "Exit codes: 0 estimated, 1 invalid settings, 2 bad flags."})
public final class CostCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Option(names = "--json", description = "The estimate as one JSON document.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
        NetworkInventory inventory = CostInventory.of(result, zones);
        Prices prices = Prices.forRegion(result.config().getOrDefault("aws:region", "ap-northeast-1"));
        List<Layout> layouts = CostModel.compare(inventory, volumes, prices);
        spec.commandLine().getOut().print(json
                ? CostReport.json(result.stack(), inventory, volumes, prices, layouts)
                : CostReport.text(result.stack(), inventory, volumes, prices, layouts));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
