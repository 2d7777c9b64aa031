#!/usr/bin/python3
"""DiT-XL/2 shapes with random weights, for bench/dit-bench.sh (not needed by the build or CI).

    /usr/bin/python3 diffusion/reference/export_dit_xl.py OUTDIR

Writes OUTDIR/dit-xl/{config.json, diffusion_pytorch_model.safetensors} (the diffusers layout, 2.7 GB),
OUTDIR/dit-xl.onnx (+ external weight data: the model is over protobuf's 2 GB), and OUTDIR/io.safetensors
with one input and PyTorch's output; prints PyTorch's time per forward (Debian's torch uses a generic BLAS).
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_goldens as g  # noqa: E402

XL = dict(g.CFG, num_attention_heads=16, attention_head_dim=72, num_layers=28, sample_size=32, patch_size=2,
          num_embeds_ada_norm=1000, in_channels=4, out_channels=8)


def main(out):
    torch.manual_seed(0)
    model = g.DiT(XL).eval()
    with torch.no_grad():
        for _, p in model.named_parameters():
            p.copy_(torch.randn_like(p) * 0.02)
    d = os.path.join(out, "dit-xl")
    os.makedirs(d, exist_ok=True)
    import json
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(XL, f, indent=2)
    g.save_safetensors(os.path.join(d, "diffusion_pytorch_model.safetensors"), model.state_dict())
    x = torch.randn(1, 4, 32, 32)
    t = torch.tensor([500])
    y_label = torch.tensor([207])
    with torch.no_grad():
        ref = model(x, t, y_label)
        times = []
        for _ in range(3):
            t0 = time.time()
            model(x, t, y_label)
            times.append(time.time() - t0)
    g.save_safetensors(os.path.join(out, "io.safetensors"),
                       {"sample": x, "timestep": t.float(), "class_labels": y_label.float(), "output": ref})
    torch.onnx.export(model, (x, t, y_label), os.path.join(out, "dit-xl.onnx"), opset_version=14,
                      input_names=["sample", "timestep", "class_labels"], output_names=["output"])
    print("torch_seconds_per_forward %.3f threads %d" % (min(times), torch.get_num_threads()))


if __name__ == "__main__":
    main(sys.argv[1])
