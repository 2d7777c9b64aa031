#!/usr/bin/python3
"""An independent reading of an ncnn model in PyTorch (Debian's python3-torch): a third opinion beside the reference
binary and Flowsmith's runtime (for Real-CUGAN it agrees with realcugan-ncnn-vulkan's fp32 CPU path at 90-94 dB, and
shows that the binary's Vulkan fp16 path, on llvmpipe, paints larger frames in wrong colours).

Written from ncnn's documented operator semantics, not from Flowsmith's Java code: the .param graph is walked
as written and each layer is a torch.nn.functional call. Only the layer types the Real-CUGAN models use.

  ncnn_torch.py MODEL.param MODEL.bin IN.png SCALE OUT.png

runs the model the way realcugan-ncnn-vulkan runs one untiled picture: RGB / 255, reflected by the scale's
"prepadding" (18, 14, 19 for x2, x3, x4) plus up to the next even (x2, x4) or multiple-of-4 (x3) size, the network,
then for x4 the nearest-upscaled input added back, x 255 and rounded.
"""
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

FP16_TAG = 0x01306B47


class Weights:
    def __init__(self, path):
        self.data = open(path, "rb").read()
        self.at = 0

    def raw(self, n):
        v = np.frombuffer(self.data, dtype="<f4", count=n, offset=self.at).copy()
        self.at += 4 * n
        return v

    def tagged(self, n):
        (tag,) = struct.unpack_from("<I", self.data, self.at)
        self.at += 4
        if tag == FP16_TAG:
            v = np.frombuffer(self.data, dtype="<f2", count=n, offset=self.at).astype(np.float32)
            self.at += (2 * n + 3) // 4 * 4
            return v
        if tag == 0:
            return self.raw(n)
        raise ValueError("weight tag %x not handled" % tag)


def params(tokens):
    """ncnn's key=value list; -233xx keys hold arrays (count first)."""
    d = {}
    for t in tokens:
        k, v = t.split("=", 1)
        k = int(k)
        if k <= -23300:
            vals = v.split(",")
            d[-k - 23300] = [float(x) if ("." in x or "e" in x) else int(x) for x in vals[1:]]
        else:
            d[k] = float(v) if ("." in v or "e" in v) else int(v)
    return d


def activate(x, p):
    t = p.get(9, 0)
    if t == 0:
        return x
    if t == 1:
        return F.relu(x)
    if t == 2:
        return F.leaky_relu(x, p[10][0])
    if t == 4:
        return torch.sigmoid(x)
    raise ValueError("activation %d" % t)


def run(param_path, bin_path, x):
    lines = [l.split() for l in open(param_path).read().splitlines() if l.strip()]
    assert lines[0] == ["7767517"]
    wr = Weights(bin_path)
    blobs = {}
    layers = []
    for t in lines[2:]:
        kind, name, nb, nt = t[0], t[1], int(t[2]), int(t[3])
        bottoms, tops = t[4:4 + nb], t[4 + nb:4 + nb + nt]
        p = params(t[4 + nb + nt:])
        w = b = None
        if kind in ("Convolution", "Deconvolution", "InnerProduct"):
            dense = kind == "InnerProduct"  # InnerProduct: 1=bias_term 2=weight_data_size; the others 5= and 6=
            w = torch.from_numpy(wr.tagged(p[2 if dense else 6]))
            if p.get(1 if dense else 5, 0):
                b = torch.from_numpy(wr.raw(p[0]))
        layers.append((kind, name, bottoms, tops, p, w, b))
    assert wr.at == len(wr.data), "weights left over"
    for kind, name, bottoms, tops, p, w, b in layers:
        ins = [blobs[n] for n in bottoms]
        if kind == "Input":
            out = [x]
        elif kind == "Split":
            out = [ins[0]] * len(tops)
        elif kind == "Convolution":
            k, cin = p[1], ins[0].shape[1]
            y = F.conv2d(ins[0], w.reshape(p[0], cin, k, k), b, stride=p.get(3, 1), padding=p.get(4, 0),
                         dilation=p.get(2, 1))
            out = [activate(y, p)]
        elif kind == "Deconvolution":
            k, cin = p[1], ins[0].shape[1]
            # ncnn stores deconvolution weights [out][in][kh][kw]; torch wants [in][out][kh][kw]
            wt = w.reshape(p[0], cin, k, k).transpose(0, 1)
            y = F.conv_transpose2d(ins[0], wt, b, stride=p.get(3, 1), padding=p.get(4, 0))
            out = [activate(y, p)]
        elif kind == "Pooling":
            assert p.get(0) == 1 and p.get(4) == 1, "global average pooling only"
            out = [ins[0].mean(dim=(2, 3), keepdim=True)]
        elif kind == "InnerProduct":
            v = ins[0].reshape(1, -1)
            y = F.linear(v, w.reshape(p[0], v.shape[1]), b)
            out = [activate(y, p).reshape(1, p[0], 1, 1)]
        elif kind == "BinaryOp":
            op = p.get(0, 0)
            a, c = ins
            out = [a + c if op == 0 else a * c if op == 2 else None]
            assert out[0] is not None, "BinaryOp %d" % op
        elif kind == "Crop":
            y = ins[0]
            for s, e, ax in zip(p[9], p[10], p[11]):
                dim = {-2: 2, -1: 3, 1: 2, 2: 3}[ax]
                n = y.shape[dim]
                y = y.narrow(dim, s, (e if e > 0 else n + e) - s)
            out = [y]
        elif kind == "PixelShuffle":
            out = [F.pixel_shuffle(ins[0], p[0])]
        else:
            raise ValueError("layer type " + kind)
        for n, v in zip(tops, out):
            blobs[n] = v
    return blobs[layers[-1][3][-1]]


def main():
    param, bin_, src, scale, dst = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    img = np.asarray(Image.open(src).convert("RGB"), dtype=np.float32) / 255.0
    h, w = img.shape[:2]
    pre = {2: 18, 3: 14, 4: 19}[scale]
    align = 4 if scale == 3 else 2
    extra_w, extra_h = (w + align - 1) // align * align - w, (h + align - 1) // align * align - h
    x = torch.from_numpy(img).permute(2, 0, 1).unsqueeze(0)
    x = F.pad(x, (pre, pre + extra_w, pre, pre + extra_h), mode="reflect")
    with torch.no_grad():
        y = run(param, bin_, x)
    y = y[0, :, : h * scale, : w * scale]
    if scale == 4:
        src_t = x[0, :, pre:pre + h, pre:pre + w]
        y = y + src_t.repeat_interleave(4, dim=1).repeat_interleave(4, dim=2)
    out = (y.clamp(0, 1) * 255 + 0.5).floor().to(torch.uint8).permute(1, 2, 0).numpy()
    Image.fromarray(out).save(dst)
    print("%s: %dx%d -> %dx%d" % (dst, w, h, out.shape[1], out.shape[0]))


if __name__ == "__main__":
    main()
