#!/usr/bin/python3
"""Golden file for DiTVR's trajectory-aware attention in the Java DiT.

Run after make_goldens.py, with Debian's python3-torch (no diffusers needed):
    /usr/bin/python3 diffusion/reference/make_trajectory_golden.py diffusion/src/test/resources/golden

Reads the tiny DiT written by make_goldens.py, runs a window of 3 frames at one timestep with
trajectory attention at layer 1 only: each token attends to all tokens of its own frame plus a list of
neighbour tokens in the other frames (index -1 = masked) with an additive logit bias. Written here as
one dense softmax with a mask, independent of the Java gather kernel. Saves the latents, timestep,
neighbour lists, biases and the expected output to tiny-dit-trajectory-golden.safetensors.
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_goldens as mg  # noqa: E402


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        a, b = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype="<f4").copy()).reshape(e["shape"])
    return out


def block_forward(blk, x, t, labels, frames, n, nbr=None, bias=None):
    """x: [frames, n, dim]. With nbr: trajectory attention over the whole window, else per frame."""
    e = blk.norm1.linear(F.silu(blk.norm1.emb(t, labels)))
    shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = e.chunk(6, dim=1)
    h = F.layer_norm(x, (x.shape[-1],), eps=1e-6) * (1 + scale_msa[:, None]) + shift_msa[:, None]
    hd, nh = blk.head_dim, blk.heads
    q = blk.attn1.to_q(h).view(frames, n, nh, hd).transpose(1, 2)
    k = blk.attn1.to_k(h).view(frames, n, nh, hd).transpose(1, 2)
    v = blk.attn1.to_v(h).view(frames, n, nh, hd).transpose(1, 2)
    if nbr is None:
        w = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd), dim=-1)
        a = (w @ v).transpose(1, 2).reshape(frames, n, nh * hd)
    else:
        tok = frames * n
        qa = q.transpose(0, 1).reshape(nh, tok, hd)
        ka = k.transpose(0, 1).reshape(nh, tok, hd)
        va = v.transpose(0, 1).reshape(nh, tok, hd)
        mask = torch.full((tok, tok), float("-inf"))
        for i in range(tok):
            f = i // n
            mask[i, f * n:(f + 1) * n] = 0
            for j in range(nbr.shape[1]):
                if nbr[i, j] >= 0:
                    mask[i, nbr[i, j]] = bias[i, j]
        w = torch.softmax(qa @ ka.transpose(-1, -2) / math.sqrt(hd) + mask, dim=-1)
        a = (w @ va).reshape(nh, frames, n, hd).permute(1, 2, 0, 3).reshape(frames, n, nh * hd)
    x = x + gate_msa[:, None] * blk.attn1.to_out[0](a)
    h = F.layer_norm(x, (x.shape[-1],), eps=blk.eps) * (1 + scale_mlp[:, None]) + shift_mlp[:, None]
    f = blk.ff.net[2](F.gelu(blk.ff.net[0].proj(h), approximate="tanh"))
    return x + gate_mlp[:, None] * f


def main(out):
    torch.manual_seed(99)
    model = mg.DiT(mg.CFG).eval()
    state = read_safetensors(os.path.join(out, "tiny-dit", "diffusion_pytorch_model.safetensors"))
    model.load_state_dict(state)
    c = mg.CFG
    frames, p, oc = 3, c["patch_size"], c["out_channels"]
    g = c["sample_size"] // p
    n = g * g
    m = 6  # neighbour slots per token
    x = torch.randn(frames, c["in_channels"], c["sample_size"], c["sample_size"])
    t = torch.tensor([400] * frames)
    labels = torch.tensor([c["num_embeds_ada_norm"]] * frames)
    nbr = torch.full((frames * n, m), -1, dtype=torch.long)
    bias = torch.zeros(frames * n, m)
    for i in range(frames * n):
        f = i // n
        others = [j for j in range(frames * n) if j // n != f]
        pick = torch.randperm(len(others))[:m]
        for s in range(m):
            if torch.rand(1).item() < 0.75:  # a quarter of the slots masked
                nbr[i, s] = others[pick[s]]
                bias[i, s] = float(torch.randn(1) * 0.5 - 0.3)
    with torch.no_grad():
        h = model.pos_embed.proj(x).flatten(2).transpose(1, 2) + model.pos_embed.pos_embed
        for li, blk in enumerate(model.transformer_blocks):
            h = block_forward(blk, h, t, labels, frames, n, *((nbr, bias) if li == 1 else (None, None)))
        cond = model.transformer_blocks[0].norm1.emb(t, labels)
        shift, scale = model.proj_out_1(F.silu(cond)).chunk(2, dim=1)
        h = F.layer_norm(h, (h.shape[-1],), eps=1e-6) * (1 + scale[:, None]) + shift[:, None]
        h = model.proj_out_2(h).reshape(-1, g, g, p, p, oc)
        y = torch.einsum("nhwpqc->nchpwq", h).reshape(-1, oc, g * p, g * p)
    mg.save_safetensors(os.path.join(out, "tiny-dit-trajectory-golden.safetensors"),
                        {"latents": x, "timestep": t[:1].float(), "neighbours": nbr.float(), "bias": bias,
                         "vital": torch.tensor([1.0]), "output": y})
    print("wrote trajectory golden", tuple(y.shape), "valid slots", int((nbr >= 0).sum()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "golden")
