/** The studio window (MainWindow) that puts the screen regions together, the app entry point, project sessions and the shortcut list; one sub-package per screen region: bin, viewer, timeline, inspector, jobs, keyframes, and common for what they share. */
package dev.flowsmith.ui;
