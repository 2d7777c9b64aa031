package dev.flowsmith.media.color;

import java.util.Locale;

/**
 * What a decoded picture's numbers mean, with the stream's tags resolved: the Y'CbCr matrix, the code
 * range, the bit depth the codes came from, the primaries, the transfer and the HDR light levels.
 * {@link #resolve} fills untagged fields with the defaults players use.
 */
public record ColorSignal(YCbCrMatrix matrix, boolean fullRange, int bitDepth, Primaries primaries,
                          Transfer transfer, HdrLevels levels) {

    public ColorSignal {
        if (bitDepth < 8 || bitDepth > 16) {
            throw new IllegalArgumentException("bit depth " + bitDepth);
        }
        levels = levels == null ? HdrLevels.NONE : levels;
    }

    /**
     * From FFmpeg's codes ({@code AVColorSpace}, {@code AVColorRange}, {@code AVColorPrimaries},
     * {@code AVColorTransferCharacteristic}; 2 or 0 = unspecified) and the picture size. Untagged:
     * primaries BT.2020 when the matrix is BT.2020, BT.709 for HD, SMPTE C (525 lines) or EBU (625)
     * for SD; matrix by {@link YCbCrMatrix#guess}; range limited (full for RGB and JPEG-style formats,
     * which FFmpeg tags); transfer BT.1886.
     */
    public static ColorSignal resolve(int matrixCode, int rangeCode, int primariesCode, int transferCode,
                                      int width, int height, int bitDepth, boolean rgb, HdrLevels levels) {
        YCbCrMatrix m = rgb ? YCbCrMatrix.RGB : YCbCrMatrix.ofCode(matrixCode);
        Primaries p = Primaries.ofCode(primariesCode);
        Transfer t = Transfer.ofCode(transferCode);
        if (p == null) {
            p = m == YCbCrMatrix.BT2020_NCL ? Primaries.BT2020
                    : width <= 1024 && height <= 576 ? (height == 480 || height == 486 ? Primaries.SMPTE170M : Primaries.BT470BG)
                    : Primaries.BT709;
        }
        if (m == null) {
            m = YCbCrMatrix.guess(width, height, p);
        }
        boolean full = rgb || rangeCode == 2;
        if (t == null) {
            t = Transfer.BT1886;
        }
        return new ColorSignal(m, full, Math.max(8, bitDepth), p, t, levels);
    }

    /** A short description for the viewer: "BT.2020 PQ limited 10-bit, peak 1000 cd/m²". */
    public String describe() {
        String prim = switch (primaries) {
            case BT709 -> "BT.709";
            case BT2020 -> "BT.2020";
            case DCI_P3 -> "DCI-P3";
            case DISPLAY_P3 -> "Display P3";
            case SMPTE170M -> "SMPTE C";
            case BT470BG, EBU3213 -> "EBU";
            default -> primaries.name();
        };
        String tf = switch (transfer) {
            case PQ -> " PQ";
            case HLG -> " HLG";
            case LINEAR -> " linear";
            case SRGB -> " sRGB";
            default -> "";
        };
        String s = prim + tf + (matrix == YCbCrMatrix.RGB ? " RGB" : fullRange ? " full" : " limited") + " " + bitDepth + "-bit";
        if (transfer == Transfer.PQ) {
            s += String.format(Locale.ROOT, ", peak %.0f cd/m²%s", levels.sourcePeak(transfer), levels.present() ? "" : " (assumed)");
        }
        return s;
    }
}
