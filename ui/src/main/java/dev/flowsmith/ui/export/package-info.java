/** The export form (container, codecs, quality, size, rate, sound, saved presets) and the project settings form. */
package dev.flowsmith.ui.export;
