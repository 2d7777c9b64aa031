package dev.flowsmith.editing.model;

/**
 * What a title clip shows: text (lines split on '\n') in a font family at a size in project pixels,
 * its fill and outline colours (0xAARRGGBB) and outline width, its centre at {@code x, y} as fractions
 * of the frame (0.5, 0.5 is the middle; 0.5, 0.85 a lower third).
 */
public record TitleSpec(String text, String font, double size, int colour, int outlineColour, double outlineWidth,
                        double x, double y) {
    public static TitleSpec simple(String text) {
        return new TitleSpec(text, "DejaVu Sans", 64, 0xFFFFFFFF, 0xFF000000, 3, 0.5, 0.5);
    }

    public TitleSpec {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a title needs some text");
        }
        if (text.length() > 2000) {
            throw new IllegalArgumentException("a title's text is limited to 2000 characters");
        }
        if (font == null || font.isBlank()) {
            throw new IllegalArgumentException("a title needs a font");
        }
        if (!(size >= 4 && size <= 1000)) {
            throw new IllegalArgumentException("title size must be 4-1000 pixels, not " + size);
        }
        if (!(outlineWidth >= 0 && outlineWidth <= 100)) {
            throw new IllegalArgumentException("outline width must be 0-100 pixels, not " + outlineWidth);
        }
        if (!(x >= -1 && x <= 2 && y >= -1 && y <= 2)) {
            throw new IllegalArgumentException("title position " + x + ", " + y + " is off the frame");
        }
    }

    public TitleSpec withText(String t) {
        return new TitleSpec(t, font, size, colour, outlineColour, outlineWidth, x, y);
    }
}
