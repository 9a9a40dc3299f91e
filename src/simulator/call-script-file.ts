import fs from 'node:fs';
import { z } from 'zod';
import { KeyScriptError, parseKeyEntry, type KeyEntry } from './key-script';
import type { CallSpec } from './voice-simulator';

const phrases = z.union([z.string().min(1), z.array(z.string().min(1))]).optional();

/**
 * A step of a script file: one action (`keys`, `wait`, `hangup`) with optional `expect` phrases that must
 * have been heard since the previous step, or only `expect` (checked with the next action, or at the end).
 * A bare string is a CLI token (`"1"`, `"4#"`, `"-"`, `"wait=30"`, `"hangup"`).
 */
const stepSchema = z.union([
  z.string(),
  z
    .object({
      keys: z.string().optional(),
      wait: z.number().positive().optional(),
      hangup: z.literal(true).optional(),
      expect: phrases,
    })
    .strict()
    .refine((s) => [s.keys, s.wait, s.hangup].filter((v) => v !== undefined).length <= 1, {
      message: 'a step has at most one of keys, wait, hangup',
    }),
]);

const legSchema = z
  .object({
    label: z.string().optional(),
    /** An agent id: the leg calls the agent line and is labelled `agent <id>`. */
    agent: z.string().optional(),
    path: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    startAt: z.number().min(0).optional(),
    onKeysExhausted: z.enum(['hangup', 'silence']).optional(),
    maxHoldSeconds: z.number().positive().optional(),
    talkSeconds: z.number().positive().optional(),
    steps: z.array(stepSchema).default([]),
  })
  .strict();

const fileSchema = z.union([z.object({ legs: z.array(legSchema).min(1) }).strict(), legSchema]);

type ScriptLeg = z.infer<typeof legSchema>;

/** A leg of a script file, turned into what the simulator runs; `agent` says it calls the agent line. */
export interface ScriptedLeg {
  agent?: string;
  spec: CallSpec;
}

/** A script file that cannot be read or does not follow the format; the message says where. */
export class ScriptFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScriptFileError';
  }
}

/** Reads and checks a JSON call script (one leg, or `{ "legs": [...] }`). */
export function loadCallScript(file: string): ScriptedLeg[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScriptFileError(`${file}: ${(err as Error).message}`);
  }
  return parseCallScript(raw, file);
}

/** Checks an already parsed call script. */
export function parseCallScript(raw: unknown, source = 'script'): ScriptedLeg[] {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new ScriptFileError(`${source} is not a valid call script:\n  ${problems.join('\n  ')}`);
  }
  const legs = 'legs' in parsed.data ? parsed.data.legs : [parsed.data];
  return legs.map((leg, index) => toScriptedLeg(leg, `${source} legs[${index}]`));
}

function toScriptedLeg(leg: ScriptLeg, where: string): ScriptedLeg {
  const keys: KeyEntry[] = [];
  let pending: string[] = [];
  leg.steps.forEach((step, index) => {
    const expect = typeof step === 'string' ? [] : toArray(step.expect);
    const entry = toEntry(step, `${where}.steps[${index}]`);
    if (!entry) {
      pending.push(...expect);
      return;
    }
    const all = [...pending, ...expect];
    keys.push(all.length > 0 ? { ...entry, expect: all } : entry);
    pending = [];
  });
  const spec: CallSpec = {
    keys,
    ...(pending.length > 0 ? { expectAtEnd: pending } : {}),
    ...(leg.label !== undefined ? { label: leg.label } : leg.agent !== undefined ? { label: `agent ${leg.agent}` } : {}),
    ...(leg.path !== undefined ? { path: leg.path } : {}),
    ...(leg.from !== undefined ? { from: leg.from } : {}),
    ...(leg.to !== undefined ? { to: leg.to } : {}),
    ...(leg.startAt !== undefined ? { startAtSeconds: leg.startAt } : {}),
    ...(leg.onKeysExhausted !== undefined ? { onKeysExhausted: leg.onKeysExhausted } : {}),
    ...(leg.maxHoldSeconds !== undefined ? { maxHoldSeconds: leg.maxHoldSeconds } : {}),
    ...(leg.talkSeconds !== undefined ? { talkSeconds: leg.talkSeconds } : {}),
  };
  return leg.agent !== undefined ? { agent: leg.agent, spec } : { spec };
}

function toEntry(step: z.infer<typeof stepSchema>, where: string): KeyEntry | undefined {
  try {
    if (typeof step === 'string') return parseKeyEntry(step);
    if (step.keys !== undefined) return parseKeyEntry(step.keys);
    if (step.wait !== undefined) return { kind: 'wait', seconds: step.wait };
    if (step.hangup) return { kind: 'hangup' };
    return undefined;
  } catch (err) {
    if (err instanceof KeyScriptError) throw new ScriptFileError(`${where}: ${err.message}`);
    throw err;
  }
}

function toArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
