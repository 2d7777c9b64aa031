#!/usr/bin/python3
"""AdaFlow keyframe translation in latent space on the tiny UNet, as the reference for KeyframeTranslation:
DDIM inversion with the empty prompt, then joint denoising with classifier-free guidance, every self-attention
extended to all keyframes' keys and values, and PnP injection (the source pass's decoder self-attention queries and
keys, and the residual of up_blocks.<first cross-attention up block>.resnets.1) over the first steps.

    /usr/bin/python3 diffusion/reference/make_pnp_golden.py diffusion/src/test/resources/golden

Reads golden/tiny-unet (the weights make_unet_golden.py wrote), writes golden/tiny-pnp-golden.safetensors.
"""
import json
import math
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import make_unet_golden as u  # noqa: E402
from make_goldens import save_safetensors  # noqa: E402

DTYPES = {"F32": torch.float32, "F16": torch.float16, "I64": torch.int64}


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = torch.frombuffer(bytearray(data[a:b]), dtype=DTYPES[v["dtype"]]).reshape(v["shape"]).float()
    return out


class Control:
    """What every attention and ResNet consults: record the source pass, inject it, extend attention over the batch."""
    mode = None  # None, "record", "inject"
    attn = feat = False
    store = {}
    attn_layers, feat_layer = set(), None


def attention_forward(self, x, context=None):
    self_attn = context is None
    context = x if context is None else context
    b, n, _ = x.shape
    q, k, v = self.to_q(x), self.to_k(context), self.to_v(context)
    if self_attn and self.name in Control.attn_layers:
        if Control.mode == "record":
            Control.store[self.name] = (q, k)
        elif Control.mode == "inject" and Control.attn:
            q, k = Control.store[self.name]
    if self_attn:  # extended attention: every keyframe's queries over all keyframes' keys and values
        k = k.reshape(1, b * n, -1).expand(b, -1, -1)
        v = v.reshape(1, b * n, -1).expand(b, -1, -1)
    split = lambda t: t.reshape(b, t.shape[1], self.heads, -1).transpose(1, 2)  # noqa: E731
    q, k, v = split(q), split(k), split(v)
    a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]), dim=-1) @ v
    return self.to_out[0](a.transpose(1, 2).reshape(b, n, -1))


def resnet_forward(self, x, temb):
    F = torch.nn.functional
    h = self.conv1(F.silu(self.norm1(x)))
    h = h + self.time_emb_proj(F.silu(temb))[:, :, None, None]
    h = self.conv2(F.silu(self.norm2(h)))
    if self.name == Control.feat_layer:
        if Control.mode == "record":
            Control.store[self.name] = h
        elif Control.mode == "inject" and Control.feat:
            h = Control.store[self.name]
    return (self.conv_shortcut(x) if self.conv_shortcut is not None else x) + h


def main(golden):
    cfg = json.load(open(os.path.join(golden, "tiny-unet", "config.json")))
    model = u.UNet(cfg).eval()
    model.load_state_dict(load_safetensors(os.path.join(golden, "tiny-unet", "diffusion_pytorch_model.safetensors")))
    u.Attention.forward = attention_forward
    u.Resnet.forward = resnet_forward
    for name, mod in model.named_modules():
        mod.name = name
    ups = cfg["up_block_types"]
    first = next(i for i, t in enumerate(ups) if t.startswith("CrossAttn"))
    Control.attn_layers = {"up_blocks.%d.attentions.%d.transformer_blocks.0.attn1" % (i, j)
                           for i, t in enumerate(ups) if t.startswith("CrossAttn")
                           for j in range(cfg["layers_per_block"] + 1) if (i, j) != (first, 0)}
    Control.feat_layer = "up_blocks.%d.resnets.1" % first

    steps, strength, guidance, pnp_attn, pnp_feat = 10, 0.8, 5.0, 0.5, 0.8
    betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float64) ** 2
    ac = torch.cumprod(1 - betas, dim=0)
    ts = [int(t) for t in (torch.arange(0, steps) * (1000 // steps)).flip(0) + 1]
    alpha = lambda t: ac[t] if t >= 0 else ac[0]  # noqa: E731  (SD: set_alpha_to_one False)
    torch.manual_seed(77)
    b, tokens = 3, 5
    z0 = torch.randn(b, 4, 8, 8)
    empty, cond, uncond = (torch.randn(1, tokens, cfg["cross_attention_dim"]) for _ in range(3))
    rep = lambda c: c.expand(b, -1, -1)  # noqa: E731
    first_step = min(steps - round(strength * steps), steps - 1)
    with torch.no_grad():
        z, prev, source = z0.clone(), -1, {}
        Control.mode = None
        for k in range(steps - 1, first_step - 1, -1):  # inversion, frames independent (no extension: one at a time)
            eps = torch.cat([model(z[i:i + 1], torch.tensor([ts[k]]), empty) for i in range(b)])
            ap, a = alpha(prev), ac[ts[k]]
            x0 = (z - (1 - ap).sqrt() * eps) / ap.sqrt()
            z = (a.sqrt() * x0 + (1 - a).sqrt() * eps).float()
            source[k] = z.clone()
            prev = ts[k]
        d = steps - first_step
        for k in range(first_step, steps):
            j = k - first_step
            Control.attn, Control.feat = j < pnp_attn * d, j < pnp_feat * d
            if Control.attn or Control.feat:
                Control.mode = "record"
                model(source[k], torch.tensor([ts[k]]), rep(empty))
                Control.mode = "inject"
            else:
                Control.mode = None
            eu = model(z, torch.tensor([ts[k]]), rep(uncond))
            ec = model(z, torch.tensor([ts[k]]), rep(cond))
            eps = eu + guidance * (ec - eu)
            a, ap = ac[ts[k]], alpha(ts[k] - 1000 // steps)
            x0 = (z - (1 - a).sqrt() * eps) / a.sqrt()
            z = (ap.sqrt() * x0 + (1 - ap).sqrt() * eps).float()
        # the same without PnP: the injection must make a difference the test can see
        Control.mode = None
        zn = source[first_step].clone()
        for k in range(first_step, steps):
            eu = model(zn, torch.tensor([ts[k]]), rep(uncond))
            ec = model(zn, torch.tensor([ts[k]]), rep(cond))
            eps = eu + guidance * (ec - eu)
            a, ap = ac[ts[k]], alpha(ts[k] - 1000 // steps)
            x0 = (zn - (1 - a).sqrt() * eps) / a.sqrt()
            zn = (ap.sqrt() * x0 + (1 - ap).sqrt() * eps).float()
    save_safetensors(os.path.join(golden, "tiny-pnp-golden.safetensors"),
                     {"z0": z0, "empty": empty[0], "cond": cond[0], "uncond": uncond[0], "inverted": source[first_step],
                      "edited": z, "edited_without_pnp": zn})
    print("edited mean |z|", float(z.abs().mean()), "PnP moved it by", float((z - zn).abs().mean()),
          "injected layers", sorted(Control.attn_layers), Control.feat_layer)


if __name__ == "__main__":
    main(sys.argv[1])
