package dev.flowsmith.restoration.ncnn;

import java.util.HashMap;
import java.util.Map;

/**
 * A layer's parameters from an ncnn {@code .param} line: {@code id=value} for one int or float, and
 * {@code -233xx=n,v1,...,vn} (id {@code -23300 - xx}) for an array of n values. Every getter takes the
 * default ncnn uses when the id is absent.
 */
final class ParamDict {
    private final Map<Integer, float[]> arrays = new HashMap<>();
    private final Map<Integer, Double> values = new HashMap<>();

    /** Parses the {@code k=v} tokens of one line; {@code where} names the file and layer for errors. */
    static ParamDict parse(String[] tokens, int from, String where) {
        ParamDict d = new ParamDict();
        for (int i = from; i < tokens.length; i++) {
            String t = tokens[i];
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": parameter '" + t + "' is not id=value");
            }
            int id;
            try {
                id = Integer.parseInt(t.substring(0, eq));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": parameter id '" + t.substring(0, eq) + "' is not a number");
            }
            String v = t.substring(eq + 1);
            try {
                if (id <= -23300) {
                    String[] parts = v.split(",");
                    int n = Integer.parseInt(parts[0]);
                    if (n < 0 || n != parts.length - 1) {
                        throw new IllegalArgumentException(where + ": array parameter " + t + " says " + n + " values but has "
                                + (parts.length - 1));
                    }
                    float[] a = new float[n];
                    for (int k = 0; k < n; k++) {
                        a[k] = Float.parseFloat(parts[k + 1]);
                    }
                    d.arrays.put(-id - 23300, a);
                } else {
                    d.values.put(id, Double.parseDouble(v));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": parameter " + t + " is not a number");
            }
        }
        return d;
    }

    int i(int id, int def) {
        Double v = values.get(id);
        return v == null ? def : (int) Math.round(v);
    }

    float f(int id, float def) {
        Double v = values.get(id);
        return v == null ? def : v.floatValue();
    }

    /** An array parameter; {@code def} when absent. */
    float[] a(int id, float[] def) {
        float[] v = arrays.get(id);
        return v == null ? def : v;
    }

    int[] ints(int id) {
        float[] v = arrays.get(id);
        if (v == null) {
            return new int[0];
        }
        int[] out = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = Math.round(v[k]);
        }
        return out;
    }
}
