#!/usr/bin/python3
"""Stable Diffusion 2.1-base's UNet configuration with random weights for bench/unet-bench.sh (not the build or CI):

    /usr/bin/python3 diffusion/reference/export_unet_onnx.py OUTDIR

Writes what make_unet_golden.py --full writes (OUTDIR/full-unet/, OUTDIR/full-unet-golden.safetensors: one 64x64
latent, 77 text tokens, PyTorch's output), then OUTDIR/full-unet.onnx (+ external weight data: 3.5 GB is over
protobuf's 2 GB) for ONNX Runtime, and prints the forward's GFLOP (convolutions, linear layers, attention matmuls)
and PyTorch's time.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_unet_golden as u  # noqa: E402


def count_flops(model, x, t, context):
    total = [0]

    def conv(m, i, o):
        total[0] += 2 * o.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, i, o):
        total[0] += 2 * o.numel() * m.in_features

    def attention(m, i, o):
        x = i[0]
        ctx = i[1] if len(i) > 1 and i[1] is not None else x
        b, n, _ = x.shape
        inner = m.to_q.out_features
        total[0] += 2 * 2 * b * n * ctx.shape[1] * inner  # q k^T and a v over all heads

    hooks = []
    for mod in model.modules():
        if isinstance(mod, torch.nn.Conv2d):
            hooks.append(mod.register_forward_hook(conv))
        elif isinstance(mod, torch.nn.Linear):
            hooks.append(mod.register_forward_hook(linear))
        elif isinstance(mod, u.Attention):
            hooks.append(mod.register_forward_hook(attention))
    with torch.no_grad():
        model(x, t, context)
    for h in hooks:
        h.remove()
    return total[0]


def main(out):
    model, x, t, context = u.main(out, True)
    print("gflop_per_forward %.2f" % (count_flops(model, x, t, context) / 1e9))
    torch.onnx.export(model, (x, t, context), os.path.join(out, "full-unet.onnx"), opset_version=14,
                      input_names=["sample", "timestep", "encoder_hidden_states"], output_names=["output"])
    print("wrote", os.path.join(out, "full-unet.onnx"))


if __name__ == "__main__":
    main(sys.argv[1])
