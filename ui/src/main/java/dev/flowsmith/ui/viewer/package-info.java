/** The viewer in the centre: frame-accurate preview of a clip or the timeline, compare modes (wipe, side by side). */
package dev.flowsmith.ui.viewer;
