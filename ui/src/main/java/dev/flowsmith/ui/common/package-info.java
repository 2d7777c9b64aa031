/** Pieces every screen region shares: dialogs owned by the studio window, window placement per screen, settings, theme, time codes, image conversion and the background caches (readers, thumbnails, waveforms). Depends on nothing else in the studio. */
package dev.flowsmith.ui.common;
