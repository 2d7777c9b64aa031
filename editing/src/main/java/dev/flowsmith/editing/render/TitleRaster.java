package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.TitleSpec;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * A title drawn for a frame size with Java2D (antialiased; the engine has no JavaFX): each line centred
 * on the title's position, its outline stroked under the fill. The result is straight-alpha planar
 * {@code [R, G, B, A]} floats, drawn over the picture as any layer is.
 */
public final class TitleRaster {
    private final TitleSpec spec;
    private final int width, height;
    private final float[] rgba;

    private TitleRaster(TitleSpec spec, int width, int height, float[] rgba) {
        this.spec = spec;
        this.width = width;
        this.height = height;
        this.rgba = rgba;
    }

    public static TitleRaster draw(TitleSpec t, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Font font = new Font(t.font(), Font.PLAIN, 1).deriveFont((float) t.size());
            FontRenderContext frc = g.getFontRenderContext();
            String[] lines = t.text().split("\n", -1);
            double lineHeight = t.size() * 1.2;
            double top = t.y() * height - lineHeight * lines.length / 2;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                TextLayout layout = new TextLayout(lines[i], font, frc);
                Rectangle2D b = layout.getBounds();
                double x = t.x() * width - (b.getX() + b.getWidth() / 2);
                double baseline = top + lineHeight * i + (lineHeight + layout.getAscent() - layout.getDescent()) / 2;
                Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(x, baseline));
                if (t.outlineWidth() > 0) {
                    g.setColor(new Color(t.outlineColour(), true));
                    g.setStroke(new BasicStroke((float) (2 * t.outlineWidth()), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                    g.draw(outline);
                }
                g.setColor(new Color(t.colour(), true));
                g.fill(outline);
            }
        } finally {
            g.dispose();
        }
        int n = width * height;
        float[] rgba = new float[4 * n];
        int[] px = img.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < n; i++) {
            int v = px[i];
            rgba[i] = ((v >> 16) & 0xff) / 255f;
            rgba[n + i] = ((v >> 8) & 0xff) / 255f;
            rgba[2 * n + i] = (v & 0xff) / 255f;
            rgba[3 * n + i] = ((v >>> 24) & 0xff) / 255f;
        }
        return new TitleRaster(t, width, height, rgba);
    }

    public boolean matches(TitleSpec t, int w, int h) {
        return spec.equals(t) && width == w && height == h;
    }

    /** Planar straight-alpha R, G, B, A, each {@code width x height}. */
    public float[] rgba() {
        return rgba;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The title as 8-bit straight-alpha ARGB (for a reference composition or a thumbnail). */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int n = width * height;
        for (int i = 0; i < n; i++) {
            int a = Math.round(rgba[3 * n + i] * 255), r = Math.round(rgba[i] * 255), g = Math.round(rgba[n + i] * 255),
                    b = Math.round(rgba[2 * n + i] * 255);
            img.setRGB(i % width, i / width, a << 24 | r << 16 | g << 8 | b);
        }
        return img;
    }
}
