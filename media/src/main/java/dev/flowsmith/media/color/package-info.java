/**
 * Display colour: how a decoded Y'CbCr (or R'G'B') signal becomes the 8-bit BT.709 picture the viewer,
 * the timeline thumbnails and {@code flowsmith thumbs} show. Pure arithmetic, no FFmpeg: the matrix
 * and range ({@link dev.flowsmith.media.color.YCbCrMatrix}), transfer functions
 * ({@link dev.flowsmith.media.color.Transfer}), primaries ({@link dev.flowsmith.media.color.Primaries}),
 * HDR tone mapping ({@link dev.flowsmith.media.color.ToneMap}) and the per-pixel conversion that joins
 * them ({@link dev.flowsmith.media.color.DisplayTransform}). See docs/colour.md.
 */
package dev.flowsmith.media.color;
