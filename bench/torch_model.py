"""The embedded model's architecture in PyTorch, as the speed yardstick for bench/model.ts.

Same layout as src/policy/embedded/model.ts: token + learned position embeddings, pre-LayerNorm
blocks (one fused QKV linear, causal softmax attention, output linear; LayerNorm, Linear-ReLU-
Linear MLP), a final LayerNorm and logits tied to the token embedding. Measures training
tokens/s (forward + backward + Adam step on the next-token loss) and generation tokens/s
(batched sampling with a key/value cache), per wall-clock second and per CPU second of the
process (the latter is less distorted by other load). Runs on config["threads"] intra-op threads (default
1; the caller also sets OMP_NUM_THREADS / OPENBLAS_NUM_THREADS) and reports the BLAS library this
process actually mapped (read from /proc/self/maps). Installs nothing; prints one JSON object.

Usage: python3 bench/torch_model.py '{"vocabSize":108,"layers":2,"width":64,"heads":4,
  "contextLength":64,"batch":32,"trainSteps":20,"promptLength":8,"generateTokens":56}'
"""
import json
import math
import re
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    def __init__(self, width, heads, mlp_ratio):
        super().__init__()
        self.heads = heads
        self.attention_norm = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.output = nn.Linear(width, width)
        self.mlp_norm = nn.LayerNorm(width)
        self.up = nn.Linear(width, mlp_ratio * width)
        self.down = nn.Linear(mlp_ratio * width, width)

    def forward(self, x, mask, cache=None):
        batch, time_steps, width = x.shape
        head_width = width // self.heads
        qkv = self.qkv(self.attention_norm(x)).view(batch, time_steps, 3, self.heads, head_width)
        queries, keys, values = qkv.permute(2, 0, 3, 1, 4)
        if cache is not None:
            keys = torch.cat([cache[0], keys], dim=2)
            values = torch.cat([cache[1], values], dim=2)
        scores = queries @ keys.transpose(-1, -2) / math.sqrt(head_width) + mask
        attended = torch.softmax(scores, dim=-1) @ values
        x = x + self.output(attended.transpose(1, 2).reshape(batch, time_steps, width))
        x = x + self.down(F.relu(self.up(self.mlp_norm(x))))
        return x, (keys, values)


class Transformer(nn.Module):
    def __init__(self, vocab_size, layers, width, heads, context_length, mlp_ratio=4):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, width)
        self.position_embedding = nn.Embedding(context_length, width)
        self.blocks = nn.ModuleList(Block(width, heads, mlp_ratio) for _ in range(layers))
        self.final_norm = nn.LayerNorm(width)
        for parameter in self.parameters():
            if parameter.dim() > 1:
                nn.init.normal_(parameter, std=0.02)

    def forward(self, ids, positions, mask, caches=None):
        x = self.token_embedding(ids) + self.position_embedding(positions)
        new_caches = []
        for index, block in enumerate(self.blocks):
            x, cache = block(x, mask, None if caches is None else caches[index])
            new_caches.append(cache)
        return self.final_norm(x) @ self.token_embedding.weight.t(), new_caches


def causal_mask(length):
    return torch.full((length, length), -1e9).triu(1)


def bench_training(model, config):
    batch, length, vocab = config['batch'], config['contextLength'], config['vocabSize']
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(0, vocab, (batch, length), generator=generator)
    positions = torch.arange(length).unsqueeze(0)
    mask = causal_mask(length)

    def step():
        logits, _ = model(ids[:, :-1], positions[:, :-1], mask[:-1, :-1])
        loss = F.cross_entropy(logits.reshape(-1, vocab), ids[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(3):
        step()
    steps = config['trainSteps']
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    tokens = batch * (length - 1) * steps
    return tokens / (time.perf_counter() - start), tokens / (time.process_time() - cpu_start)


@torch.inference_mode()
def bench_generation(model, config):
    batch, prompt_length, new_tokens, vocab = config['batch'], config['promptLength'], config['generateTokens'], config['vocabSize']
    generator = torch.Generator().manual_seed(1)
    prompts = torch.randint(0, vocab, (batch, prompt_length), generator=generator)

    def run():
        logits, caches = model(prompts, torch.arange(prompt_length).unsqueeze(0), causal_mask(prompt_length))
        last = logits[:, -1]
        for step in range(new_tokens):
            logprobs = torch.log_softmax(last, dim=-1)
            tokens = torch.multinomial(logprobs.exp(), 1, generator=generator)
            logprobs.gather(1, tokens).tolist()
            if step == new_tokens - 1:
                break
            position = torch.tensor([[prompt_length + step]])
            logits, caches = model(tokens, position, torch.zeros(1, prompt_length + step + 1), caches)
            last = logits[:, -1]

    run()
    repeats = config.get('generateRepeats', 3)
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(repeats):
        run()
    tokens = batch * new_tokens * repeats
    return tokens / (time.perf_counter() - start), tokens / (time.process_time() - cpu_start)


def mapped_blas_libraries():
    with open('/proc/self/maps', encoding='utf-8') as maps:
        return sorted(set(re.findall(r'\S*(?:blas|lapack)\S*\.so\S*', maps.read())))


def main():
    config = json.loads(sys.argv[1])
    torch.set_num_threads(config.get('threads', 1))
    torch.manual_seed(0)
    model = Transformer(config['vocabSize'], config['layers'], config['width'], config['heads'], config['contextLength'])
    model.eval()
    generation, generation_cpu = bench_generation(model, config)
    model.train()
    training, training_cpu = bench_training(model, config)
    print(json.dumps({
        'torchVersion': torch.__version__,
        'threads': torch.get_num_threads(),
        'blas': mapped_blas_libraries(),
        'trainTokensPerSecond': training,
        'generateTokensPerSecond': generation,
        'trainTokensPerCpuSecond': training_cpu,
        'generateTokensPerCpuSecond': generation_cpu,
    }))


if __name__ == '__main__':
    main()
