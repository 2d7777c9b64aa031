#!/usr/bin/python3
"""Golden files for the Java DiT (diffusers DiTTransformer2DModel layout).

Run with Debian's python3-torch 1.13 (apt-get install python3-torch):
    /usr/bin/python3 diffusion/reference/make_goldens.py diffusion/src/test/resources/golden

A tiny random-weight DiT is built here in PyTorch with the published tensor names and semantics of
diffusers (PatchEmbed with 2-D sin-cos positions, AdaLayerNormZero fed by CombinedTimestepLabelEmbeddings,
BasicTransformerBlock with self-attention and a tanh-GELU feed-forward, proj_out_1/proj_out_2 and
unpatchify, learned sigma). Writes tiny-dit/config.json, tiny-dit/diffusion_pytorch_model.safetensors
(written by hand: the safetensors package is not in Debian) and tiny-dit-golden.safetensors with the
inputs and outputs. No diffusers or network access needed.
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(1234)
CFG = dict(_class_name="DiTTransformer2DModel", num_attention_heads=2, attention_head_dim=8, in_channels=4,
           out_channels=8, num_layers=2, sample_size=8, patch_size=2, num_embeds_ada_norm=10,
           activation_fn="gelu-approximate", attention_bias=True, norm_type="ada_norm_zero",
           norm_elementwise_affine=False, norm_eps=1e-5, dropout=0.0, norm_num_groups=32, upcast_attention=False)


def sincos_1d(dim, pos):
    omega = np.arange(dim // 2, dtype=np.float64) / (dim / 2.0)
    omega = 1.0 / 10000 ** omega
    out = np.einsum("m,d->md", pos.reshape(-1), omega)
    return np.concatenate([np.sin(out), np.cos(out)], axis=1)


def sincos_2d(dim, grid_size, base_size):
    grid_h = np.arange(grid_size, dtype=np.float32) / (grid_size / base_size)
    grid_w = np.arange(grid_size, dtype=np.float32) / (grid_size / base_size)
    grid = np.meshgrid(grid_w, grid_h)  # w first, as diffusers
    grid = np.stack(grid, axis=0).reshape([2, 1, grid_size, grid_size])
    emb_h = sincos_1d(dim // 2, grid[0])
    emb_w = sincos_1d(dim // 2, grid[1])
    return np.concatenate([emb_h, emb_w], axis=1)


def timestep_embedding(t, dim=256, shift=1, max_period=10000):
    half = dim // 2
    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float32) / (half - shift)
    emb = t[:, None].float() * torch.exp(exponent)[None, :]
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=-1)
    return torch.cat([emb[:, half:], emb[:, :half]], dim=-1)  # flip_sin_to_cos


class Emb(nn.Module):  # CombinedTimestepLabelEmbeddings
    def __init__(self, classes, dim):
        super().__init__()
        self.timestep_embedder = nn.Module()
        self.timestep_embedder.linear_1 = nn.Linear(256, dim)
        self.timestep_embedder.linear_2 = nn.Linear(dim, dim)
        self.class_embedder = nn.Module()
        self.class_embedder.embedding_table = nn.Embedding(classes + 1, dim)  # + the null class

    def forward(self, t, labels):
        te = self.timestep_embedder.linear_2(F.silu(self.timestep_embedder.linear_1(timestep_embedding(t))))
        return te + self.class_embedder.embedding_table(labels)


class Block(nn.Module):
    def __init__(self, dim, heads, head_dim, classes, eps):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        self.norm1 = nn.Module()
        self.norm1.emb = Emb(classes, dim)
        self.norm1.linear = nn.Linear(dim, 6 * dim)
        self.attn1 = nn.Module()
        self.attn1.to_q = nn.Linear(dim, heads * head_dim)
        self.attn1.to_k = nn.Linear(dim, heads * head_dim)
        self.attn1.to_v = nn.Linear(dim, heads * head_dim)
        self.attn1.to_out = nn.ModuleList([nn.Linear(heads * head_dim, dim)])
        self.ff = nn.Module()
        self.ff.net = nn.ModuleList([nn.Module(), nn.Identity(), nn.Linear(4 * dim, dim)])
        self.ff.net[0].proj = nn.Linear(dim, 4 * dim)
        self.eps = eps

    def forward(self, x, t, labels):
        e = self.norm1.linear(F.silu(self.norm1.emb(t, labels)))
        shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = e.chunk(6, dim=1)
        h = F.layer_norm(x, (x.shape[-1],), eps=1e-6) * (1 + scale_msa[:, None]) + shift_msa[:, None]
        b, n, _ = h.shape
        q = self.attn1.to_q(h).view(b, n, self.heads, self.head_dim).transpose(1, 2)
        k = self.attn1.to_k(h).view(b, n, self.heads, self.head_dim).transpose(1, 2)
        v = self.attn1.to_v(h).view(b, n, self.heads, self.head_dim).transpose(1, 2)
        w = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.head_dim), dim=-1)  # torch 1.13: no SDPA
        a = (w @ v).transpose(1, 2).reshape(b, n, self.heads * self.head_dim)
        x = x + gate_msa[:, None] * self.attn1.to_out[0](a)
        h = F.layer_norm(x, (x.shape[-1],), eps=self.eps) * (1 + scale_mlp[:, None]) + shift_mlp[:, None]
        f = self.ff.net[2](F.gelu(self.ff.net[0].proj(h), approximate="tanh"))
        return x + gate_mlp[:, None] * f


class DiT(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        dim = c["num_attention_heads"] * c["attention_head_dim"]
        p = c["patch_size"]
        self.pos_embed = nn.Module()
        self.pos_embed.proj = nn.Conv2d(c["in_channels"], dim, kernel_size=p, stride=p)
        grid = c["sample_size"] // p
        self.pos_embed.register_buffer("pos_embed", torch.from_numpy(sincos_2d(dim, grid, grid)).float().unsqueeze(0))
        self.transformer_blocks = nn.ModuleList([Block(dim, c["num_attention_heads"], c["attention_head_dim"],
                                                       c["num_embeds_ada_norm"], c["norm_eps"]) for _ in range(c["num_layers"])])
        self.proj_out_1 = nn.Linear(dim, 2 * dim)
        self.proj_out_2 = nn.Linear(dim, p * p * c["out_channels"])

    def forward(self, x, t, labels):
        p, oc = self.c["patch_size"], self.c["out_channels"]
        h = self.pos_embed.proj(x).flatten(2).transpose(1, 2) + self.pos_embed.pos_embed
        for blk in self.transformer_blocks:
            h = blk(h, t, labels)
        cond = self.transformer_blocks[0].norm1.emb(t, labels)
        shift, scale = self.proj_out_1(F.silu(cond)).chunk(2, dim=1)
        h = F.layer_norm(h, (h.shape[-1],), eps=1e-6) * (1 + scale[:, None]) + shift[:, None]
        h = self.proj_out_2(h)
        s = int(h.shape[1] ** 0.5)
        h = h.reshape(-1, s, s, p, p, oc)
        h = torch.einsum("nhwpqc->nchpwq", h)
        return h.reshape(-1, oc, s * p, s * p)


VAE_CFG = dict(_class_name="AutoencoderKL", in_channels=3, out_channels=3, latent_channels=4,
               down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"],
               up_block_types=["UpDecoderBlock2D", "UpDecoderBlock2D"], block_out_channels=[8, 16],
               layers_per_block=1, act_fn="silu", norm_num_groups=4, sample_size=16, scaling_factor=0.18215)


class Resnet(nn.Module):  # ResnetBlock2D
    def __init__(self, cin, cout, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin, eps=1e-6)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.norm2 = nn.GroupNorm(groups, cout, eps=1e-6)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.conv_shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x):
        h = self.conv1(F.silu(self.norm1(x)))
        h = self.conv2(F.silu(self.norm2(h)))
        return (self.conv_shortcut(x) if self.conv_shortcut is not None else x) + h


class MidAttention(nn.Module):  # Attention(C, heads=1, dim_head=C, group norm, residual)
    def __init__(self, c, groups):
        super().__init__()
        self.group_norm = nn.GroupNorm(groups, c, eps=1e-6)
        self.to_q, self.to_k, self.to_v = nn.Linear(c, c), nn.Linear(c, c), nn.Linear(c, c)
        self.to_out = nn.ModuleList([nn.Linear(c, c)])

    def forward(self, x):
        b, c, h, w = x.shape
        t = self.group_norm(x).view(b, c, h * w).transpose(1, 2)
        q, k, v = self.to_q(t), self.to_k(t), self.to_v(t)
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(c), dim=-1) @ v
        return self.to_out[0](a).transpose(1, 2).reshape(b, c, h, w) + x


class Mid(nn.Module):
    def __init__(self, c, groups):
        super().__init__()
        self.resnets = nn.ModuleList([Resnet(c, c, groups), Resnet(c, c, groups)])
        self.attentions = nn.ModuleList([MidAttention(c, groups)])

    def forward(self, x):
        return self.resnets[1](self.attentions[0](self.resnets[0](x)))


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        ch, g, n = c["block_out_channels"], c["norm_num_groups"], c["layers_per_block"]
        self.conv_in = nn.Conv2d(c["in_channels"], ch[0], 3, padding=1)
        self.down_blocks = nn.ModuleList()
        prev = ch[0]
        for i, out in enumerate(ch):
            blk = nn.Module()
            blk.resnets = nn.ModuleList([Resnet(prev if j == 0 else out, out, g) for j in range(n)])
            if i < len(ch) - 1:
                blk.downsamplers = nn.ModuleList([nn.Module()])
                blk.downsamplers[0].conv = nn.Conv2d(out, out, 3, stride=2, padding=0)
            self.down_blocks.append(blk)
            prev = out
        self.mid_block = Mid(ch[-1], g)
        self.conv_norm_out = nn.GroupNorm(g, ch[-1], eps=1e-6)
        self.conv_out = nn.Conv2d(ch[-1], 2 * c["latent_channels"], 3, padding=1)

    def forward(self, x):
        h = self.conv_in(x)
        for blk in self.down_blocks:
            for r in blk.resnets:
                h = r(h)
            if hasattr(blk, "downsamplers"):
                h = blk.downsamplers[0].conv(F.pad(h, (0, 1, 0, 1)))
        h = self.mid_block(h)
        return self.conv_out(F.silu(self.conv_norm_out(h)))


class Decoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        ch, g, n = list(reversed(c["block_out_channels"])), c["norm_num_groups"], c["layers_per_block"]
        self.conv_in = nn.Conv2d(c["latent_channels"], ch[0], 3, padding=1)
        self.mid_block = Mid(ch[0], g)
        self.up_blocks = nn.ModuleList()
        prev = ch[0]
        for i, out in enumerate(ch):
            blk = nn.Module()
            blk.resnets = nn.ModuleList([Resnet(prev if j == 0 else out, out, g) for j in range(n + 1)])
            if i < len(ch) - 1:
                blk.upsamplers = nn.ModuleList([nn.Module()])
                blk.upsamplers[0].conv = nn.Conv2d(out, out, 3, padding=1)
            self.up_blocks.append(blk)
            prev = out
        self.conv_norm_out = nn.GroupNorm(g, ch[-1], eps=1e-6)
        self.conv_out = nn.Conv2d(ch[-1], c["out_channels"], 3, padding=1)

    def forward(self, z):
        h = self.mid_block(self.conv_in(z))
        for blk in self.up_blocks:
            for r in blk.resnets:
                h = r(h)
            if hasattr(blk, "upsamplers"):
                h = blk.upsamplers[0].conv(F.interpolate(h, scale_factor=2.0, mode="nearest"))
        return self.conv_out(F.silu(self.conv_norm_out(h)))


class VAE(nn.Module):  # AutoencoderKL
    def __init__(self, c):
        super().__init__()
        self.encoder, self.decoder = Encoder(c), Decoder(c)
        lc = c["latent_channels"]
        self.quant_conv = nn.Conv2d(2 * lc, 2 * lc, 1)
        self.post_quant_conv = nn.Conv2d(lc, lc, 1)

    def encode_mean(self, x):
        return self.quant_conv(self.encoder(x)).chunk(2, dim=1)[0]  # the posterior's mode

    def decode(self, z):
        return self.decoder(self.post_quant_conv(z))


def vae(out):
    torch.manual_seed(99)
    model = VAE(VAE_CFG).eval()
    with torch.no_grad():
        for name, prm in model.named_parameters():
            if "norm" in name and name.endswith("weight"):
                prm.copy_(1 + 0.1 * torch.randn_like(prm))
            else:
                prm.copy_(torch.randn_like(prm) * (0.2 if prm.dim() > 1 else 0.05))
    d = os.path.join(out, "tiny-vae")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(VAE_CFG, f, indent=2)
    save_safetensors(os.path.join(d, "diffusion_pytorch_model.safetensors"), model.state_dict())
    x = torch.rand(1, 3, 16, 16) * 2 - 1
    z = torch.randn(1, 4, 8, 8)
    with torch.no_grad():
        mean = model.encode_mean(x)
        img = model.decode(z)
    save_safetensors(os.path.join(out, "tiny-vae-golden.safetensors"),
                     {"image": x, "latent_mean": mean, "latent": z, "decoded": img})


def save_safetensors(path, tensors, dtypes=None):
    """The safetensors format by hand: u64 LE header length, JSON header, raw little-endian data."""
    dtypes = dtypes or {}
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dt = dtypes.get(name, "F32")
        arr = t.numpy().astype({"F32": "<f4", "F16": "<f2", "I64": "<i8"}[dt]) if dt != "BF16" else \
            (t.float().numpy().view(np.uint32) >> 16).astype("<u2")
        raw = arr.tobytes()
        header[name] = {"dtype": dt, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def main(out):
    model = DiT(CFG).eval()
    with torch.no_grad():
        for name, prm in model.named_parameters():  # random, not DiT's zero init: every path must matter
            prm.copy_(torch.randn_like(prm) * (0.3 if prm.dim() > 1 else 0.1))
    state = {k: v for k, v in model.state_dict().items()}
    d = os.path.join(out, "tiny-dit")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(CFG, f, indent=2)
    save_safetensors(os.path.join(d, "diffusion_pytorch_model.safetensors"), state)
    x = torch.randn(2, CFG["in_channels"], CFG["sample_size"], CFG["sample_size"])
    t = torch.tensor([10, 500])
    labels = torch.tensor([3, CFG["num_embeds_ada_norm"]])  # a class, and the null class
    with torch.no_grad():
        y = model(x, t, labels)
    save_safetensors(os.path.join(out, "tiny-dit-golden.safetensors"),
                     {"sample": x, "timestep": t.float(), "class_labels": labels.float(), "output": y})
    # the same weights in half and bfloat16, to check the readers widen them exactly
    save_safetensors(os.path.join(out, "dtypes.safetensors"),
                     {"f16": state["proj_out_1.weight"].half().float(), "bf16": state["proj_out_1.weight"]},
                     {"f16": "F16", "bf16": "BF16"})
    save_safetensors(os.path.join(out, "dtypes-expected.safetensors"),
                     {"f16": state["proj_out_1.weight"].half().float(),
                      "bf16": torch.from_numpy(((state["proj_out_1.weight"].numpy().view(np.uint32) >> 16) << 16)
                                               .view(np.float32))})
    schedulers(out)
    vae(out)
    print("wrote", out, "output", tuple(y.shape), "mean |y|", float(y.abs().mean()))


def schedulers(out):
    """One DDIM (eta 0) and one DDPM (mean, fixed_small) step, diffusers' formulas, linear betas."""
    betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float32)
    ac = torch.cumprod(1 - betas, dim=0)
    x, eps = torch.randn(64), torch.randn(64)
    t, prev = 900, 800  # 10 steps: leading spacing 900, 800, ..., 0
    x0 = (x - (1 - ac[t]).sqrt() * eps) / ac[t].sqrt()
    ddim = ac[prev].sqrt() * x0 + (1 - ac[prev]).sqrt() * eps
    alpha_t = ac[t] / ac[prev]
    beta_t = 1 - alpha_t
    mean = (ac[prev].sqrt() * beta_t / (1 - ac[t])) * x0 + (alpha_t.sqrt() * (1 - ac[prev]) / (1 - ac[t])) * x
    save_safetensors(os.path.join(out, "schedulers-golden.safetensors"),
                     {"alphas_cumprod": ac, "x": x, "eps": eps, "x0_900": x0, "ddim_900_to_800": ddim,
                      "ddpm_mean_900_to_800": mean})


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "golden")
