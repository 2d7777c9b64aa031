/** The timeline below the viewer: its model (project, playhead, selection, undo), the canvas control and skin, and the tool bar panel. */
package dev.flowsmith.ui.timeline;
