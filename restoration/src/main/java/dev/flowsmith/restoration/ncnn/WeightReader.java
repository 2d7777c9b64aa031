package dev.flowsmith.restoration.ncnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads weights from an ncnn {@code .bin} in the order the layers ask for them. A tagged array starts with
 * a 4-byte flag: {@code 0x01306B47} fp16, {@code 0x000D4B38} int8 (rejected: needs scales we do not
 * carry), {@code 0x0002C056} float32, 0 float32, any other non-zero bytes a 256-entry float table followed
 * by uint8 indices. fp16, int8 and indexed data are padded to 4 bytes. Untagged arrays are plain float32.
 */
final class WeightReader {
    private static final int FP16 = 0x01306B47, INT8 = 0x000D4B38, FP32_RAW = 0x0002C056;
    private final ByteBuffer buf;
    private final String file;

    WeightReader(ByteBuffer buf, String file) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        this.file = file;
    }

    /** {@code n} weights of {@code layer}, tagged ({@code tagged}) or plain float32. */
    float[] load(int n, boolean tagged, String layer) {
        if (n < 0) {
            throw new IllegalArgumentException("layer " + layer + " asks for " + n + " weights");
        }
        float[] out = new float[n];
        if (!tagged) {
            need(4L * n, layer);
            buf.asFloatBuffer().get(out);
            buf.position(buf.position() + 4 * n);
            return out;
        }
        need(4, layer);
        int tag = buf.getInt();
        int bytes = (tag & 0xff) + ((tag >>> 8) & 0xff) + ((tag >>> 16) & 0xff) + (tag >>> 24);
        if (tag == FP16) {
            need(2L * n, layer);
            for (int i = 0; i < n; i++) {
                out[i] = halfToFloat(buf.getShort());
            }
            align(2L * n);
        } else if (tag == INT8) {
            throw new IllegalArgumentException(file + ": layer " + layer + " has int8-quantised weights, which Flowsmith cannot run "
                    + "(use the fp16 or fp32 model)");
        } else if (tag == FP32_RAW || tag == 0) {
            need(4L * n, layer);
            buf.asFloatBuffer().get(out);
            buf.position(buf.position() + 4 * n);
        } else if (bytes != 0) {
            need(256 * 4L + n, layer);
            float[] table = new float[256];
            buf.asFloatBuffer().get(table);
            buf.position(buf.position() + 1024);
            for (int i = 0; i < n; i++) {
                out[i] = table[buf.get() & 0xff];
            }
            align(n);
        }
        for (float v : out) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(file + ": layer " + layer + " has a weight that is not a finite number");
            }
        }
        return out;
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff, sign = (bits & 0x8000) << 16, exp = (bits >>> 10) & 0x1f, mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant / 1024f / 16384f; // subnormal: mant x 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    int remaining() {
        return buf.remaining();
    }

    private void align(long bytes) {
        int pad = (int) ((4 - bytes % 4) % 4);
        buf.position(Math.min(buf.limit(), buf.position() + pad));
    }

    private void need(long bytes, String layer) {
        if (buf.remaining() < bytes) {
            throw new IllegalArgumentException(file + " ends at layer " + layer + " (" + buf.remaining() + " bytes left, "
                    + bytes + " needed): the weights do not match the .param file");
        }
    }
}
