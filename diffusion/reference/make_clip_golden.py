#!/usr/bin/python3
"""Golden files for the Java CLIP text encoder and tokenizer (Stable Diffusion's text_encoder/ and tokenizer/).

Run with Debian's python3-torch and python3-regex:
    /usr/bin/python3 diffusion/reference/make_clip_golden.py diffusion/src/test/resources/golden

1. A tiny random-weight CLIPTextModel in the transformers layout and tensor names (token and position embeddings,
   pre-norm encoder layers with causal self-attention, q scaled by head_dim^-0.5, fc1/fc2 MLP with the exact GELU as
   OpenCLIP ViT-H/14 in SD 2.x, or quick_gelu as CLIP ViT-L/14 in SD 1.x, final layer norm): tiny-clip/config.json,
   tiny-clip/model.safetensors, tiny-clip-golden.safetensors (token ids, last hidden state, and the hidden state
   before the last layer).
2. The CLIP BPE tokenizer written from OpenAI's published algorithm (simple_tokenizer.py: bytes_to_unicode, the
   word regex, "</w>" word ends, merges by rank; the vocabulary built as CLIP builds it from its merges: the 256
   byte symbols, the same with "</w>", one entry per merge, then <|startoftext|> and <|endoftext|>), on a small
   merges file: tiny-tokenizer/merges.txt and vocab.json (the files diffusers ships under tokenizer/), and the ids
   of tricky prompts, padded to 16 with "!" as SD 2.x pads (tiny-tokenizer-golden.json).

  --full  writes SD 2.1-base's text encoder configuration with random weights instead (full-clip, 1.4 GB: a bench
          check of the real layout, bench/sd-layout-check.sh; not for the repository).
"""
import html
import json
import math
import os
import sys
import time

import regex as re
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from make_goldens import save_safetensors  # noqa: E402

CFG = dict(architectures=["CLIPTextModel"], model_type="clip_text_model", hidden_size=32, intermediate_size=64,
           num_attention_heads=4, num_hidden_layers=3, max_position_embeddings=16, vocab_size=600, hidden_act="gelu",
           layer_norm_eps=1e-5, projection_dim=32, bos_token_id=0, eos_token_id=2, pad_token_id=1)


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, f = c["hidden_size"], c["intermediate_size"]
        self.heads, self.act = c["num_attention_heads"], c["hidden_act"]
        self.self_attn = nn.Module()
        for p in ("q_proj", "k_proj", "v_proj", "out_proj"):
            setattr(self.self_attn, p, nn.Linear(d, d))
        self.layer_norm1, self.layer_norm2 = nn.LayerNorm(d, eps=c["layer_norm_eps"]), nn.LayerNorm(d, eps=c["layer_norm_eps"])
        self.mlp = nn.Module()
        self.mlp.fc1, self.mlp.fc2 = nn.Linear(d, f), nn.Linear(f, d)

    def forward(self, x):
        b, n, d = x.shape
        hd = d // self.heads
        h = self.layer_norm1(x)
        a = self.self_attn
        split = lambda t: t.view(b, n, self.heads, hd).transpose(1, 2)  # noqa: E731
        q, k, v = split(a.q_proj(h) * hd ** -0.5), split(a.k_proj(h)), split(a.v_proj(h))
        s = q @ k.transpose(-1, -2) + torch.full((n, n), float("-inf")).triu(1)
        h = a.out_proj((torch.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(b, n, d))
        x = x + h
        h = self.mlp.fc1(self.layer_norm2(x))
        h = F.gelu(h) if self.act == "gelu" else h * torch.sigmoid(1.702 * h)
        return x + self.mlp.fc2(h)


class TextModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.text_model = nn.Module()
        tm = self.text_model
        tm.embeddings = nn.Module()
        tm.embeddings.token_embedding = nn.Embedding(c["vocab_size"], c["hidden_size"])
        tm.embeddings.position_embedding = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        tm.encoder = nn.Module()
        tm.encoder.layers = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])
        tm.final_layer_norm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, ids):
        tm = self.text_model
        x = tm.embeddings.token_embedding(ids) + tm.embeddings.position_embedding(torch.arange(ids.shape[1]))[None]
        states = [x]
        for layer in tm.encoder.layers:
            x = layer(x)
            states.append(x)
        return tm.final_layer_norm(x), states


# --- the tokenizer, from OpenAI CLIP's simple_tokenizer.py algorithm ---
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


PAT = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", re.IGNORECASE)


def clean(text):
    text = html.unescape(html.unescape(text)).strip()  # ftfy.fix_text is not in Debian; the Java side does the same
    return re.sub(r"\s+", " ", text).strip().lower()


def bpe(token, ranks):
    word = tuple(token[:-1]) + (token[-1] + "</w>",)
    while len(word) > 1:
        pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
        best = min(pairs, key=lambda p: ranks.get(p, float("inf")))
        if best not in ranks:
            break
        first, second = best
        out, i = [], 0
        while i < len(word):
            if i < len(word) - 1 and word[i] == first and word[i + 1] == second:
                out.append(first + second)
                i += 2
            else:
                out.append(word[i])
                i += 1
        word = tuple(out)
    return word


def encode(text, vocab, ranks, length):
    b2u = bytes_to_unicode()
    ids = [vocab["<|startoftext|>"]]
    for tok in re.findall(PAT, clean(text)):
        tok = "".join(b2u[b] for b in tok.encode("utf-8"))
        ids += [vocab[p] for p in bpe(tok, ranks)]
    ids = ids[:length - 1] + [vocab["<|endoftext|>"]]
    return ids + [vocab["!"]] * (length - len(ids))


def tokenizer(out):
    corpus = "a photo of an astronaut riding a horse on the moon the watercolour painting of the street " \
             "don't it's we're high quality detailed portrait"
    # merges learned BPE-style on the small corpus: repeatedly the most frequent adjacent pair (ties by order)
    b2u = bytes_to_unicode()
    words = [tuple("".join(b2u[b] for b in w.encode()))[:-1] + ("".join(b2u[b] for b in w.encode())[-1] + "</w>",)
             for w in re.findall(PAT, corpus)]
    merges = []
    for _ in range(60):
        counts = {}
        for w in words:
            for p in zip(w, w[1:]):
                counts[p] = counts.get(p, 0) + 1
        if not counts:
            break
        best = max(counts.items(), key=lambda kv: kv[1])[0]
        merges.append(best)
        new_words = []
        for w in words:
            o, i = [], 0
            while i < len(w):
                if i < len(w) - 1 and (w[i], w[i + 1]) == best:
                    o.append(w[i] + w[i + 1])
                    i += 2
                else:
                    o.append(w[i])
                    i += 1
            new_words.append(tuple(o))
        words = new_words
    vocab_list = list(b2u.values())
    vocab_list += [v + "</w>" for v in vocab_list]
    vocab_list += ["".join(m) for m in merges]
    vocab_list += ["<|startoftext|>", "<|endoftext|>"]
    vocab = {v: i for i, v in enumerate(vocab_list)}
    ranks = {m: i for i, m in enumerate(merges)}
    d = os.path.join(out, "tiny-tokenizer")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(a + " " + b + "\n" for a, b in merges))
    with open(os.path.join(d, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(d, "special_tokens_map.json"), "w", encoding="utf-8") as f:  # as SD 2.x ships it
        json.dump({"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "!",
                   "unk_token": "<|endoftext|>"}, f, indent=1)
    prompts = ["a photo of an astronaut riding a horse", "Make it a WATERCOLOUR painting!!", "don't   stop\tit's  fine",
               "naïve café, 8k &amp; 4K", "emoji 🎨 and 日本", "the the the the the the the the the the the the the the the",
               ""]
    golden = [{"prompt": p, "ids": encode(p, vocab, ranks, 16)} for p in prompts]
    with open(os.path.join(out, "tiny-tokenizer-golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=False, indent=1)
    return vocab, ranks


FULL = dict(CFG, hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=23,
            max_position_embeddings=77, vocab_size=49408, projection_dim=1024, bos_token_id=49406, eos_token_id=49407,
            pad_token_id=0)  # SD 2.1-base's text_encoder/config.json: OpenCLIP ViT-H/14 without its last layer


def main(out, full=False):
    torch.manual_seed(77)
    cfg = FULL if full else CFG
    if not full:
        tokenizer(out)
    model = TextModel(cfg).eval()
    with torch.no_grad():
        for prm in model.parameters():
            prm.copy_(torch.randn_like(prm) * (0.3 if prm.dim() > 1 else 0.1))
    name = "full-clip" if full else "tiny-clip"
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    state = dict(model.state_dict())
    # transformers saves this integer buffer beside the weights in many published text encoders
    state["text_model.embeddings.position_ids"] = torch.arange(cfg["max_position_embeddings"])[None]
    save_safetensors(os.path.join(d, "model.safetensors"), state, {"text_model.embeddings.position_ids": "I64"})
    ids = torch.tensor([[0, 17, 250, 3, 599, 42, 2, 1, 1, 1, 1, 1]]) if not full else \
        torch.tensor([[49406, 320, 1125, 539, 550, 18376, 6765, 320, 4558, 49407] + [0] * 67])
    with torch.no_grad():
        started = time.perf_counter()
        last, states = model(ids)
        print("PyTorch forward %.2f s (%d threads)" % (time.perf_counter() - started, torch.get_num_threads()))
        penultimate = model.text_model.final_layer_norm(states[-2])
    save_safetensors(os.path.join(out, name + "-golden.safetensors"),
                     {"input_ids": ids.float(), "last_hidden_state": last, "hidden_states_minus_2": states[-2],
                      "penultimate_normed": penultimate})
    print("wrote", d, "last", tuple(last.shape), "mean |y|", float(last.abs().mean()))


if __name__ == "__main__":
    main(sys.argv[1], "--full" in sys.argv)
