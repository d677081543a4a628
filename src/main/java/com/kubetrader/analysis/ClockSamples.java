package com.kubetrader.analysis;

import com.kubetrader.output.OutputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance's clock.csv: `chronyc tracking` sampled through the run, one column per tracking field plus
 * {@code bound_us} = |System time| + root dispersion + root delay / 2 (chrony's `tracking` documentation). The
 * analysis uses the largest bound of the run: a verdict must hold at the clock's worst moment, not only at the end.
 */
public record ClockSamples(List<Double> boundsUs, String reference) {

    public static final String FILE = "clock.csv";
    public static final String BOUND_COLUMN = "bound_us";

    public double maxUs() {
        return boundsUs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    public double medianUs() {
        return BoxStats.of(boundsUs).median();
    }

    public static ClockSamples read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw AnalysisException.inFile(file, "cannot be read ("
                    + OutputException.reason(e) + "); check its permissions");
        }
        if (lines.isEmpty()) {
            throw AnalysisException.inFile(file, "empty; expected a header with a " + BOUND_COLUMN + " column");
        }
        List<String> header = List.of(lines.get(0).strip().split(",", -1));
        int bound = header.indexOf(BOUND_COLUMN);
        int ref = header.indexOf("reference_id");
        if (bound < 0) {
            throw AnalysisException.inFile(file, "no " + BOUND_COLUMN + " column in its header " + lines.get(0));
        }
        List<Double> bounds = new ArrayList<>();
        String reference = null;
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] f = lines.get(n).split(",", -1);
            if (f.length != header.size()) {
                throw AnalysisException.inFile(file, "line " + (n + 1) + " has " + f.length + " fields, the header "
                        + header.size());
            }
            double v;
            try {
                v = Double.parseDouble(f[bound]);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw AnalysisException.inFile(file, "line " + (n + 1) + ": " + BOUND_COLUMN + " '" + f[bound]
                        + "' is not a finite number >= 0");
            }
            bounds.add(v);
            if (ref >= 0) {
                reference = f[ref];
            }
        }
        if (bounds.isEmpty()) {
            throw AnalysisException.inFile(file, "has a header but no samples");
        }
        return new ClockSamples(List.copyOf(bounds), reference);
    }
}
