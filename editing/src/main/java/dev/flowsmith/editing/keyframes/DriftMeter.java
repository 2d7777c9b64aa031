package dev.flowsmith.editing.keyframes;

import java.util.ArrayList;
import java.util.List;

/** Reads a confidence curve: where it stays below a level, the lowest frame of each such stretch. */
public final class DriftMeter {
    private DriftMeter() {
    }

    public static int[] suggestions(double[] confidence, double level) {
        List<Integer> out = new ArrayList<>();
        int worst = -1;
        for (int i = 0; i <= confidence.length; i++) {
            boolean low = i < confidence.length && !Double.isNaN(confidence[i]) && confidence[i] < level;
            if (low) {
                if (worst < 0 || confidence[i] < confidence[worst]) {
                    worst = i;
                }
            } else if (worst >= 0) {
                out.add(worst);
                worst = -1;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
