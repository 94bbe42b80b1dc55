import { z } from 'zod';

const message = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
  content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() })), z.null()]).optional(),
  tool_calls: z
    .array(z.object({ id: z.string(), type: z.literal('function').optional(), function: z.object({ name: z.string(), arguments: z.string() }) }))
    .optional(),
  tool_call_id: z.string().optional(),
});

const sampling = {
  model: z.string().optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).default(1),
  top_p: z.number().gt(0).max(1).optional(),
  n: z.number().int().min(1).max(64).default(1),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
  stream: z.boolean().default(false),
  logprobs: z.union([z.boolean(), z.number()]).optional(),
  seed: z.number().int().optional(),
};

export const chatRequestSchema = z.object({
  ...sampling,
  messages: z.array(message).min(1),
  tools: z
    .array(z.object({ type: z.literal('function'), function: z.object({ name: z.string(), description: z.string().default(''), parameters: z.record(z.string(), z.unknown()).default({}) }) }))
    .optional(),
  tool_choice: z.unknown().optional(),
});

export const completionRequestSchema = z.object({
  ...sampling,
  prompt: z.union([z.string(), z.array(z.string()).min(1)]),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
