#!/usr/bin/python3
"""Golden files for the Java UNet (diffusers UNet2DConditionModel layout, as Stable Diffusion 2.1-base uses it).

Run with Debian's python3-torch (apt-get install python3-torch):
    /usr/bin/python3 diffusion/reference/make_unet_golden.py diffusion/src/test/resources/golden

A tiny random-weight UNet is built here in PyTorch with the published tensor names and semantics of diffusers:
sinusoidal time projection (flip_sin_to_cos, shift 0) and TimestepEmbedding, conv_in, CrossAttnDownBlock2D /
DownBlock2D (ResnetBlock2D with the time embedding added after conv1, Transformer2DModel with a linear
proj_in/proj_out as SD 2.x, BasicTransformerBlock: self-attention, cross-attention on the text, GEGLU
feed-forward), Downsample2D (stride-2 conv, padding 1), UNetMidBlock2DCrossAttn, UpBlock2D / CrossAttnUpBlock2D with
the skip connections concatenated, Upsample2D (nearest, then conv), conv_norm_out / conv_out. The same structure as
SD 2.1-base with small widths: 2 blocks instead of 4, 2 resnets per block, 4 groups. Writes tiny-unet/config.json,
tiny-unet/diffusion_pytorch_model.safetensors and tiny-unet-golden.safetensors (inputs and the output).

  --full  writes the SD 2.1-base configuration with random weights instead (a bench check of the real layout,
          about 3.5 GB: not for the repository).
"""
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from make_goldens import save_safetensors  # noqa: E402

TINY = dict(_class_name="UNet2DConditionModel", sample_size=8, in_channels=4, out_channels=4,
            down_block_types=["CrossAttnDownBlock2D", "DownBlock2D"], up_block_types=["UpBlock2D", "CrossAttnUpBlock2D"],
            block_out_channels=[16, 32], layers_per_block=2, cross_attention_dim=32, attention_head_dim=[2, 4],
            norm_num_groups=4, norm_eps=1e-5, use_linear_projection=True, flip_sin_to_cos=True, freq_shift=0,
            act_fn="silu", downsample_padding=1, mid_block_scale_factor=1, upcast_attention=False)
FULL = dict(TINY, sample_size=64, down_block_types=["CrossAttnDownBlock2D"] * 3 + ["DownBlock2D"],
            up_block_types=["UpBlock2D"] + ["CrossAttnUpBlock2D"] * 3, block_out_channels=[320, 640, 1280, 1280],
            cross_attention_dim=1024, attention_head_dim=[5, 10, 20, 20], norm_num_groups=32)


def time_proj(t, dim, flip=True, shift=0):
    half = dim // 2
    exponent = -math.log(10000) * torch.arange(half, dtype=torch.float32) / (half - shift)
    emb = t[:, None].float() * torch.exp(exponent)[None, :]
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=-1)
    return torch.cat([emb[:, half:], emb[:, :half]], dim=-1) if flip else emb


class TimestepEmbedding(nn.Module):
    def __init__(self, cin, dim):
        super().__init__()
        self.linear_1, self.linear_2 = nn.Linear(cin, dim), nn.Linear(dim, dim)

    def forward(self, x):
        return self.linear_2(F.silu(self.linear_1(x)))


class Resnet(nn.Module):  # ResnetBlock2D with a time embedding
    def __init__(self, cin, cout, temb, groups, eps):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin, eps=eps)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.time_emb_proj = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(groups, cout, eps=eps)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.conv_shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time_emb_proj(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (self.conv_shortcut(x) if self.conv_shortcut is not None else x) + h


class Attention(nn.Module):  # diffusers Attention: no q/k/v bias, to_out.0 with bias
    def __init__(self, dim, heads, head_dim, context_dim=None):
        super().__init__()
        inner = heads * head_dim
        self.heads = heads
        self.to_q = nn.Linear(dim, inner, bias=False)
        self.to_k = nn.Linear(context_dim or dim, inner, bias=False)
        self.to_v = nn.Linear(context_dim or dim, inner, bias=False)
        self.to_out = nn.ModuleList([nn.Linear(inner, dim)])

    def forward(self, x, context=None):
        context = x if context is None else context
        b, n, _ = x.shape
        q, k, v = self.to_q(x), self.to_k(context), self.to_v(context)
        split = lambda t: t.view(b, t.shape[1], self.heads, -1).transpose(1, 2)  # noqa: E731
        q, k, v = split(q), split(k), split(v)
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]), dim=-1) @ v
        return self.to_out[0](a.transpose(1, 2).reshape(b, n, -1))


class GEGLU(nn.Module):
    def __init__(self, dim, inner):
        super().__init__()
        self.proj = nn.Linear(dim, 2 * inner)

    def forward(self, x):
        h, gate = self.proj(x).chunk(2, dim=-1)
        return h * F.gelu(gate)  # the exact (erf) GELU


class FeedForward(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.net = nn.ModuleList([GEGLU(dim, 4 * dim), nn.Dropout(0.0), nn.Linear(4 * dim, dim)])

    def forward(self, x):
        return self.net[2](self.net[0](x))


class Block(nn.Module):  # BasicTransformerBlock
    def __init__(self, dim, heads, head_dim, context_dim):
        super().__init__()
        self.norm1, self.norm2, self.norm3 = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn1 = Attention(dim, heads, head_dim)
        self.attn2 = Attention(dim, heads, head_dim, context_dim)
        self.ff = FeedForward(dim)

    def forward(self, x, context):
        x = self.attn1(self.norm1(x)) + x
        x = self.attn2(self.norm2(x), context) + x
        return self.ff(self.norm3(x)) + x


class Transformer(nn.Module):  # Transformer2DModel, use_linear_projection=True
    def __init__(self, c, heads, context_dim, groups):
        super().__init__()
        self.norm = nn.GroupNorm(groups, c, eps=1e-6)
        self.proj_in = nn.Linear(c, c)
        self.transformer_blocks = nn.ModuleList([Block(c, heads, c // heads, context_dim)])
        self.proj_out = nn.Linear(c, c)

    def forward(self, x, context):
        b, c, h, w = x.shape
        t = self.norm(x).permute(0, 2, 3, 1).reshape(b, h * w, c)
        t = self.proj_in(t)
        for blk in self.transformer_blocks:
            t = blk(t, context)
        t = self.proj_out(t)
        return t.reshape(b, h, w, c).permute(0, 3, 1, 2) + x


class Down(nn.Module):  # CrossAttnDownBlock2D / DownBlock2D
    def __init__(self, cin, cout, temb, heads, cfg, attn, down):
        super().__init__()
        g, e, n = cfg["norm_num_groups"], cfg["norm_eps"], cfg["layers_per_block"]
        self.resnets = nn.ModuleList([Resnet(cin if i == 0 else cout, cout, temb, g, e) for i in range(n)])
        if attn:
            self.attentions = nn.ModuleList([Transformer(cout, heads, cfg["cross_attention_dim"], g) for _ in range(n)])
        if down:
            self.downsamplers = nn.ModuleList([nn.Module()])
            self.downsamplers[0].conv = nn.Conv2d(cout, cout, 3, stride=2, padding=1)

    def forward(self, x, temb, context):
        states = []
        for i, r in enumerate(self.resnets):
            x = r(x, temb)
            if hasattr(self, "attentions"):
                x = self.attentions[i](x, context)
            states.append(x)
        if hasattr(self, "downsamplers"):
            x = self.downsamplers[0].conv(x)
            states.append(x)
        return x, states


class Up(nn.Module):  # UpBlock2D / CrossAttnUpBlock2D
    def __init__(self, cin, cout, prev, temb, heads, cfg, attn, up):
        super().__init__()
        g, e, n = cfg["norm_num_groups"], cfg["norm_eps"], cfg["layers_per_block"] + 1
        self.resnets = nn.ModuleList([Resnet((prev if i == 0 else cout) + (cin if i == n - 1 else cout), cout, temb, g, e)
                                      for i in range(n)])
        if attn:
            self.attentions = nn.ModuleList([Transformer(cout, heads, cfg["cross_attention_dim"], g) for _ in range(n)])
        if up:
            self.upsamplers = nn.ModuleList([nn.Module()])
            self.upsamplers[0].conv = nn.Conv2d(cout, cout, 3, padding=1)

    def forward(self, x, skips, temb, context):
        for i, r in enumerate(self.resnets):
            x = r(torch.cat([x, skips.pop()], dim=1), temb)
            if hasattr(self, "attentions"):
                x = self.attentions[i](x, context)
        if hasattr(self, "upsamplers"):
            x = self.upsamplers[0].conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))
        return x


class Mid(nn.Module):  # UNetMidBlock2DCrossAttn
    def __init__(self, c, temb, heads, cfg):
        super().__init__()
        g, e = cfg["norm_num_groups"], cfg["norm_eps"]
        self.resnets = nn.ModuleList([Resnet(c, c, temb, g, e), Resnet(c, c, temb, g, e)])
        self.attentions = nn.ModuleList([Transformer(c, heads, cfg["cross_attention_dim"], g)])

    def forward(self, x, temb, context):
        x = self.resnets[0](x, temb)
        return self.resnets[1](self.attentions[0](x, context), temb)


class UNet(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        ch, heads = cfg["block_out_channels"], cfg["attention_head_dim"]
        temb = 4 * ch[0]
        self.cfg = cfg
        self.conv_in = nn.Conv2d(cfg["in_channels"], ch[0], 3, padding=1)
        self.time_embedding = TimestepEmbedding(ch[0], temb)
        self.down_blocks = nn.ModuleList([Down(ch[i - 1] if i else ch[0], ch[i], temb, heads[i], cfg,
                                               cfg["down_block_types"][i].startswith("CrossAttn"), i < len(ch) - 1)
                                          for i in range(len(ch))])
        self.mid_block = Mid(ch[-1], temb, heads[-1], cfg)
        rch, rheads = list(reversed(ch)), list(reversed(heads))
        ups, out = [], rch[0]
        for i in range(len(ch)):
            prev, out, cin = out, rch[i], rch[min(i + 1, len(ch) - 1)]
            ups.append(Up(cin, out, prev, temb, rheads[i], cfg, cfg["up_block_types"][i].startswith("CrossAttn"), i < len(ch) - 1))
        self.up_blocks = nn.ModuleList(ups)
        self.conv_norm_out = nn.GroupNorm(cfg["norm_num_groups"], ch[0], eps=cfg["norm_eps"])
        self.conv_out = nn.Conv2d(ch[0], cfg["out_channels"], 3, padding=1)

    def forward(self, x, t, context):
        temb = self.time_embedding(time_proj(t, self.cfg["block_out_channels"][0]))
        x = self.conv_in(x)
        skips = [x]
        for d in self.down_blocks:
            x, s = d(x, temb, context)
            skips += s
        x = self.mid_block(x, temb, context)
        for u in self.up_blocks:
            x = u(x, skips, temb, context)
        return self.conv_out(F.silu(self.conv_norm_out(x)))


def main(out, full):
    torch.manual_seed(4321)
    cfg = FULL if full else TINY
    model = UNet(cfg).eval()
    with torch.no_grad():
        for name, prm in model.named_parameters():  # random: every path must matter
            fan_in = prm[0].numel() if prm.dim() > 1 else 1
            prm.copy_(torch.randn_like(prm) * (1.0 / math.sqrt(fan_in) if prm.dim() > 1 else 0.1))
            prm.copy_(prm.half().float())  # stored as F16 (half the size); the golden is computed from the rounded values
    name = "full-unet" if full else "tiny-unet"
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    state = model.state_dict()
    save_safetensors(os.path.join(d, "diffusion_pytorch_model.safetensors"), state, {k: "F16" for k in state})
    s = cfg["sample_size"]
    x = torch.randn(1, cfg["in_channels"], s, s)
    t = torch.tensor([421])
    context = torch.randn(1, 77 if full else 5, cfg["cross_attention_dim"])
    with torch.no_grad():
        started = time.perf_counter()
        y = model(x, t, context)
        print("PyTorch forward %.2f s (%d threads)" % (time.perf_counter() - started, torch.get_num_threads()))
    save_safetensors(os.path.join(out, name + "-golden.safetensors"),
                     {"sample": x, "timestep": t.float(), "encoder_hidden_states": context, "output": y})
    print("wrote", d, "output", tuple(y.shape), "mean |y|", float(y.abs().mean()),
          "parameters", sum(p.numel() for p in model.parameters()))
    return model, x, t, context


def sd_ddim(out):
    """Stable Diffusion's DDIM (diffusers DDIMScheduler as SD 2.1-base ships it: scaled_linear betas 0.00085..0.012,
    1000 steps, steps_offset 1, set_alpha_to_one False, eta 0) and DDIM inversion as TokenFlow/AdaFlow run it."""
    betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float32) ** 2
    ac = torch.cumprod(1 - betas, dim=0)
    final = ac[0]
    steps = 50
    ts = (torch.arange(0, steps) * (1000 // steps)).flip(0) + 1  # 981, 961, ..., 1
    torch.manual_seed(9)
    x, eps = torch.randn(64), torch.randn(64)

    def ddim(x, eps, t):
        prev = t - 1000 // steps
        ap = ac[prev] if prev >= 0 else final
        x0 = (x - (1 - ac[t]).sqrt() * eps) / ac[t].sqrt()
        return ap.sqrt() * x0 + (1 - ap).sqrt() * eps

    def invert(z, eps, t_prev, t):
        ap = ac[t_prev] if t_prev >= 0 else final
        x0 = (z - (1 - ap).sqrt() * eps) / ap.sqrt()
        return ac[t].sqrt() * x0 + (1 - ac[t]).sqrt() * eps

    save_safetensors(os.path.join(out, "sd-ddim-golden.safetensors"),
                     {"alphas_cumprod": ac, "timesteps": ts.float(), "x": x, "eps": eps, "ddim_981_to_961": ddim(x, eps, 981),
                      "ddim_1_to_end": ddim(x, eps, 1), "invert_start_to_1": invert(x, eps, -1, 1),
                      "invert_961_to_981": invert(x, eps, 961, 981)})


if __name__ == "__main__":
    main(sys.argv[1], "--full" in sys.argv)
    if "--full" not in sys.argv:
        sd_ddim(sys.argv[1])
