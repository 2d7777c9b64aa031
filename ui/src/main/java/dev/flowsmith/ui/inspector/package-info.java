/** The inspector on the right: a clip's properties, transcode and restore settings queued as jobs. */
package dev.flowsmith.ui.inspector;
