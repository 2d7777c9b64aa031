/** The media bin on the left: imported files and folders, their probe results and thumbnails, drag and drop. */
package dev.flowsmith.ui.bin;
