package dev.flowsmith.kernels.backend;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU backend's vector exp and tanh: within a few ulp of {@code Math}, exact at the edges softmax and padding
 * rely on (0 for -infinity, 1 for 0), and bit-for-bit the same on every call, before and after the JIT compiles them,
 * which the Vector API's own EXP is not (a resumed edit must repeat its numbers).
 */
class VectorMathTest {
    private static final jdk.incubator.vector.VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Test
    void expAndTanhAreAccurateAndExactAtTheEdges() {
        float worstExp = 0, worstTanh = 0;
        float[] lanes = new float[S.length()];
        for (int i = 0; i <= 200_000; i++) {
            float x = -87f + 175f * i / 200_000f;
            java.util.Arrays.fill(lanes, x);
            float e = VectorMath.exp(FloatVector.fromArray(S, lanes, 0)).lane(0);
            double want = Math.exp(x);
            if (want < 3e38) {
                worstExp = (float) Math.max(worstExp, Math.abs(e - want) / want);
            }
            float y = x / 8;
            java.util.Arrays.fill(lanes, y);
            worstTanh = (float) Math.max(worstTanh, Math.abs(VectorMath.tanh(FloatVector.fromArray(S, lanes, 0)).lane(0) - Math.tanh(y)));
        }
        System.out.println("vector exp: worst relative error " + worstExp + "; tanh: worst absolute error " + worstTanh);
        assertThat(worstExp).isLessThan(3e-7f);
        assertThat(worstTanh).isLessThan(3e-7f);
        float[] edges = new float[S.length()];
        edges[0] = Float.NEGATIVE_INFINITY;
        edges[1] = 0f;
        edges[2] = -100f;
        FloatVector e = VectorMath.exp(FloatVector.fromArray(S, edges, 0));
        assertThat(e.lane(0)).isEqualTo(0f);
        assertThat(e.lane(1)).isEqualTo(1f);
        assertThat(e.lane(2)).isEqualTo(0f);
        edges[0] = 40f;
        edges[1] = -40f;
        FloatVector t = VectorMath.tanh(FloatVector.fromArray(S, edges, 0));
        assertThat(t.lane(0)).isEqualTo(1f);
        assertThat(t.lane(1)).isEqualTo(-1f);
    }

    @Test
    void softmaxAndGeluGiveTheSameBitsOnEveryCallWhileTheJitWarmsUp() {
        Random r = new Random(3);
        int rows = 64, cols = 1000;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (4 * r.nextGaussian());
        }
        float[] first = new float[x.length], firstGelu = new float[x.length], y = new float[x.length], g = new float[x.length];
        VectorMath.softmaxRows(x, first, cols, 0, rows);
        VectorMath.geluTanh(x, firstGelu, 0, x.length);
        for (int rep = 0; rep < 300; rep++) { // enough calls for C2 to compile both
            VectorMath.softmaxRows(x, y, cols, 0, rows);
            VectorMath.geluTanh(x, g, 0, x.length);
            assertThat(y).as("softmax, call " + rep).isEqualTo(first);
            assertThat(g).as("GELU, call " + rep).isEqualTo(firstGelu);
        }
    }
}
