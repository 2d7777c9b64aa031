package dev.flowsmith.restoration.ncnn;

import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small generated ncnn models: the layers against plain loops, and malformed files refused with a clear sentence. */
class NcnnNetTest {
    @TempDir
    Path dir;
    static Compute compute;

    @BeforeAll
    static void open() {
        compute = new Compute(2);
    }

    @AfterAll
    static void close() {
        compute.close();
    }

    /** Weights as ncnn writes them: a tagged fp16 array, or plain float32. */
    static final class Bin {
        final ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        Bin fp16(float[] v) {
            b.putInt(0x01306B47);
            for (float f : v) {
                b.putShort(toHalf(f));
            }
            if (v.length % 2 == 1) {
                b.putShort((short) 0);
            }
            return this;
        }

        Bin fp32(float[] v, boolean tagged) {
            if (tagged) {
                b.putInt(0);
            }
            for (float f : v) {
                b.putFloat(f);
            }
            return this;
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
    }

    static short toHalf(float f) {
        // the test's weights are exact in fp16 (multiples of 1/64 in a small range)
        int bits = Float.floatToIntBits(f), sign = (bits >>> 16) & 0x8000, exp = ((bits >>> 23) & 0xff) - 112, mant = (bits >>> 13) & 0x3ff;
        return f == 0 ? (short) sign : (short) (sign | (exp << 10) | mant);
    }

    static float[] exactWeights(int n, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (r.nextInt(129) - 64) / 64f;
        }
        return w;
    }

    NcnnNet write(String param, byte[] bin) throws IOException {
        Path p = dir.resolve("m.param"), b = dir.resolve("m.bin");
        Files.writeString(p, param);
        Files.write(b, bin);
        return NcnnNet.load(p, b);
    }

    @Test
    void convolutionWithStrideGroupsDilationAndLeakyReluEqualsPlainLoops() throws IOException {
        // 4 channels in, 6 out, 2 groups, 3x3, dilation 2, stride 2, pad 2, bias, leaky relu 0.1
        int cin = 4, cout = 6, g = 2, k = 3, dil = 2, st = 2, pad = 2, h = 11, w = 9;
        float[] wt = exactWeights(cout * (cin / g) * k * k, 1), bias = exactWeights(cout, 2);
        NcnnNet net = write("7767517\n2 2\nInput in 0 1 x\nConvolutionDepthWise c 1 1 x y 0=6 1=3 2=2 3=2 4=2 5=1 6=" + wt.length
                + " 7=2 9=2 -23310=1,0.1\n", new Bin().fp16(wt).fp32(bias, false).bytes());
        Mat x = new Mat(cin, h, w, exactWeights(cin * h * w, 3));
        Mat y = net.run(Map.of("x", x), "y", compute);
        int oh = (h + 2 * pad - (dil * (k - 1) + 1)) / st + 1, ow = (w + 2 * pad - (dil * (k - 1) + 1)) / st + 1;
        assertEquals(cout + "x" + oh + "x" + ow, y.shape());
        for (int o = 0; o < cout; o++) {
            int grp = o / (cout / g);
            for (int yy = 0; yy < oh; yy++) {
                for (int xx = 0; xx < ow; xx++) {
                    double s = bias[o];
                    for (int c = 0; c < cin / g; c++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int sy = yy * st - pad + ky * dil, sx = xx * st - pad + kx * dil;
                                if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                                    s += wt[((o * (cin / g) + c) * k + ky) * k + kx] * x.at(grp * (cin / g) + c, sy, sx);
                                }
                            }
                        }
                    }
                    double want = s > 0 ? s : 0.1 * s;
                    assertEquals(want, y.at(o, yy, xx), 1e-4, "out " + o + " at " + xx + "," + yy);
                }
            }
        }
    }

    /** The convolutions of a small RIFE-shaped stack on the OpenCL backend (PoCL in CI) against the host's OpenBLAS path. */
    @Test
    void convolutionsOnAnOpenClDeviceEqualTheHost() throws IOException {
        if (dev.flowsmith.kernels.opencl.OpenClDevices.list().isEmpty()) {
            org.junit.jupiter.api.Assumptions.assumeFalse("true".equals(System.getenv("CI")) ? failNoOpenCl() : true,
                    "SKIPPED: no OpenCL device (" + dev.flowsmith.kernels.opencl.OpenClDevices.unavailableReason() + ")");
        }
        float[] w1 = exactWeights(16 * 3 * 9, 11), b1 = exactWeights(16, 12), w2 = exactWeights(8 * 16 * 9, 13), b2 = exactWeights(8, 14);
        NcnnNet net = write("7767517\n3 3\nInput in 0 1 x\n"
                + "Convolution c1 1 1 x y 0=16 1=3 3=2 4=1 5=1 6=" + w1.length + " 9=2 -23310=1,0.2\n"
                + "Convolution c2 1 1 y z 0=8 1=3 4=1 5=1 6=" + w2.length + "\n",
                new Bin().fp16(w1).fp32(b1, false).fp16(w2).fp32(b2, false).bytes());
        Mat x = new Mat(3, 37, 45, exactWeights(3 * 37 * 45, 15));
        Mat host = net.run(Map.of("x", x), "z", compute);
        try (Compute device = new Compute(2, dev.flowsmith.kernels.device.Backends.open("opencl:0"))) {
            for (int round = 0; round < 2; round++) { // the second call reuses the uploaded weights
                Mat got = net.run(Map.of("x", x), "z", device);
                assertEquals(host.shape(), got.shape());
                for (int i = 0; i < host.data().length; i++) {
                    assertEquals(host.data()[i], got.data()[i], 1e-3, "value " + i + " on " + device.describe());
                }
            }
        }
    }

    private static boolean failNoOpenCl() {
        throw new AssertionError("OpenCL is required under CI=true but " + dev.flowsmith.kernels.opencl.OpenClDevices.unavailableReason());
    }

    @Test
    void deconvolutionSpreadsEachInputPixelOverItsKernel() throws IOException {
        int cin = 3, cout = 2, k = 4, st = 2, pad = 1, h = 5, w = 6;
        float[] wt = exactWeights(cout * cin * k * k, 4), bias = exactWeights(cout, 5);
        NcnnNet net = write("7767517\n2 2\nInput in 0 1 x\nDeconvolution d 1 1 x y 0=2 1=4 3=2 4=1 5=1 6=" + wt.length + "\n",
                new Bin().fp32(wt, true).fp32(bias, false).bytes());
        Mat x = new Mat(cin, h, w, exactWeights(cin * h * w, 6));
        Mat y = net.run(Map.of("x", x), "y", compute);
        assertEquals(cout + "x" + (2 * h) + "x" + (2 * w), y.shape(), "k4 s2 p1 doubles the size");
        double[] want = new double[cout * 2 * h * 2 * w];
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < 4 * h * w; i++) {
                want[o * 4 * h * w + i] = bias[o];
            }
            for (int c = 0; c < cin; c++) {
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < w; ix++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int oy = iy * st + ky - pad, ox = ix * st + kx - pad;
                                if (oy >= 0 && oy < 2 * h && ox >= 0 && ox < 2 * w) {
                                    want[(o * 2 * h + oy) * 2 * w + ox] += wt[((o * cin + c) * k + ky) * k + kx] * x.at(c, iy, ix);
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], y.data()[i], 1e-4);
        }
    }

    @Test
    void shapeLayersMoveValuesAsNcnnDoes() throws IOException {
        // pixel shuffle of 8 channels by 2, crop channel 1 of 2, concat with a bilinear 2x of the input's first channel
        NcnnNet net = write("""
                7767517
                7 8
                Input in 0 1 x
                Split s 1 3 x a b c
                PixelShuffle ps 1 1 a p 0=2
                Crop cr 1 1 p q -23309=1,1 -23310=1,2 -23311=1,0
                Slice sl 1 2 b first rest -23300=2,1,-233 1=0
                Interp up 1 1 first u 0=2 1=2.0 2=2.0
                Concat cat 2 1 q u y
                """, new byte[0]);
        Mat x = new Mat(8, 2, 3, exactWeights(48, 7));
        Mat y = net.run(Map.of("x", x), "y", compute);
        assertEquals("2x4x6", y.shape());
        // pixel shuffle: out channel 1 (input channels 4..7) at (2*yy+i, 2*xx+j) = in[4 + 2i + j][yy][xx]
        for (int yy = 0; yy < 2; yy++) {
            for (int xx = 0; xx < 3; xx++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        assertEquals(x.at(4 + 2 * i + j, yy, xx), y.at(0, 2 * yy + i, 2 * xx + j));
                    }
                }
            }
        }
        // bilinear 2x, half-pixel centres: output (0,1) samples x = 0.25 -> 0.75*in(0,0) + 0.25*in(0,1)
        assertEquals(0.75 * x.at(0, 0, 0) + 0.25 * x.at(0, 0, 1), y.at(1, 0, 1), 1e-6);
        assertEquals(x.at(0, 0, 0), y.at(1, 0, 0), 1e-6, "edges clamp");
    }

    @Test
    void rifeWarpSamplesAlongTheFlowAndClampsAtTheBorder() throws IOException {
        NcnnNet net = write("7767517\n3 3\nInput a 0 1 img\nInput b 0 1 flow\nrife.Warp w 2 1 img flow y\n", new byte[0]);
        Mat img = new Mat(1, 2, 4, new float[]{0, 1, 2, 3, 10, 11, 12, 13});
        float[] f = new float[16];
        f[1] = 0.5f;          // pixel (1,0) looks half a pixel right: 1.5
        f[8 + 2] = 0.25f;     // pixel (2,0) a quarter down: 2 + 0.25*10
        f[3] = 5f;            // pixel (3,0) far right: clamped to the last column
        Mat y = net.run(Map.of("img", img, "flow", new Mat(2, 2, 4, f)), "y", compute);
        assertEquals(1.5f, y.at(0, 0, 1), 1e-6);
        assertEquals(4.5f, y.at(0, 0, 2), 1e-6);
        assertEquals(3f, y.at(0, 0, 3), 1e-6);
        assertEquals(10f, y.at(0, 1, 0), 1e-6);
    }

    static String problem(ModelFormatException e) {
        return e.userMessage();
    }

    @Test
    void malformedModelsAreRefusedWithASentenceNamingTheFile() throws IOException {
        float[] wt = exactWeights(9, 1);
        byte[] good = new Bin().fp16(wt).bytes();
        String conv = "Convolution c 1 1 x y 0=1 1=3 4=1 6=9\n";
        String[][] cases = {
                {"7767518\n2 2\nInput in 0 1 x\n" + conv, "magic"},
                {"7767517\n3 2\nInput in 0 1 x\n" + conv, "says 3 layers"},
                {"7767517\n2 2\nInput in 0 1 x\nMish m 1 1 x y\n", "layer type Mish"},
                {"7767517\n2 2\nInput in 0 1 x\nConvolution c 1 1 z y 0=1 1=3 6=9\n", "reads blob z"},
                {"7767517\n2 2\nInput in 0 1 x\nConvolution c 1 1 x y 0=2 1=3 6=9\n", "inconsistent sizes"},
                {"7767517\n2 2\nInput in 0 1 x\nConvolution c 1 1 x y 0=1 1=3 6=nine\n", "not a number"},
        };
        for (String[] c : cases) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> write(c[0], good), c[1]);
            assertTrue(problem(e).contains("m.param") && problem(e).contains(c[1]), problem(e));
        }
        ModelFormatException shortBin = assertThrows(ModelFormatException.class,
                () -> write("7767517\n2 2\nInput in 0 1 x\n" + conv, java.util.Arrays.copyOf(good, 10)));
        assertTrue(problem(shortBin).contains("m.bin ends at layer c"), problem(shortBin));
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 8);
        ModelFormatException extra = assertThrows(ModelFormatException.class,
                () -> write("7767517\n2 2\nInput in 0 1 x\n" + conv, longer));
        assertTrue(problem(extra).contains("8 bytes more"), problem(extra));
        ModelFormatException missing = assertThrows(ModelFormatException.class,
                () -> NcnnNet.load(dir.resolve("none.param"), dir.resolve("none.bin")));
        assertTrue(problem(missing).contains("none.param"), problem(missing));
        // a model that loads but gets an input it cannot take says so too
        NcnnNet net = write("7767517\n2 2\nInput in 0 1 x\n" + conv, good);
        ModelFormatException wrongInput = assertThrows(ModelFormatException.class,
                () -> net.run(Map.of("x", Mat.zeros(3, 4, 4)), "y", compute));
        assertTrue(problem(wrongInput).contains("expects 1 channels, got 3"), problem(wrongInput));
    }
}
