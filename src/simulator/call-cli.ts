import { parseArgs } from 'node:util';
import { LOCAL_TWILIO_AUTH_TOKEN } from '../config/config';
import { loadCallScript, ScriptFileError } from './call-script-file';
import type { SimulatedCall, TranscriptEntry } from './call-transcript';
import { KeyboardCallerInput } from './keyboard-caller-input';
import { KeyScriptError, parseKeyScript } from './key-script';
import { formatEntry } from './transcript-printer';
import { DEFAULT_AGENT_FROM, VoiceSimulator, type CallSpec } from './voice-simulator';

const HELP = `npm run call -- [options]

Places a simulated phone call to the hotline, exactly as Twilio would (signed webhooks, TwiML rules,
queues, simulated time). Without --url the hotline is started in-process on a free port.

Caller
  --from NUMBER            caller number (default +8613800138000)
  --to NUMBER              number dialled (default +8610950000)
  --keys "1,2,4#,-,1"      key script, one entry per Gather (see below); without it, and in a
                           terminal, the call is interactive
  --script FILE.json       script file with expectations (see docs/simulator.md)
  --on-keys-exhausted hangup|silence
                           at a Gather when the script has run out (default hangup)
  --max-hold SECONDS       the caller gives up after this long in a queue (default 3600)
  --talk-seconds SECONDS   on a bridge with the script over, hang up after this long (default 60)

Second phone (an agent in the same simulated Twilio)
  --agent ID               add an agent leg calling the agent line (label "agent ID")
  --agent-keys "1001#,4321#,1"
  --agent-delay SECONDS    when the agent calls (default 0)
  --agent-from NUMBER      the agent's phone (default +8613900001001)

Hotline
  --url URL                attach to a running hotline instead of starting one
  --public-base-url URL    the URL Twilio signs (default: $PUBLIC_BASE_URL, else --url)
  --auth-token TOKEN       (default: $TWILIO_AUTH_TOKEN, else the local development token)
  --voice-path PATH        (default /twilio/voice)      --agent-path PATH     (default /twilio/agent)
  --status-path PATH       (default /twilio/status; '' for none)
  --fallback-path PATH     (default /twilio/fallback; '' for none)

Output
  --json                   print the whole transcript (requests, TwiML, timings) as JSON
  --verbose                also print every TwiML response
  --realtime               play simulated time at real pace
  -h, --help

Key script entries (comma-separated; each Gather the call reaches uses the next one)
  1, 4321#, *0             DTMF keys pressed one by one. The finish key (# by default) ends the
                           Gather and is not sent in Digits; reaching numDigits ends it too;
                           otherwise it times out after its timeout and sends what was pressed.
  -  or  silence           press nothing (the Gather times out)
  hangup                   hang up here (also in a queue or on a bridge)
  wait=SECONDS             stay silent that long (in a queue: hold Gathers get no input)
  *                        on a bridge whose <Dial hangupOnStar="true">: leave the bridge
When the entries run out the caller hangs up at the next Gather (see --on-keys-exhausted); in a
queue it waits up to --max-hold. Exit code 1 when the call produced a Twilio error or a failed
expectation, 2 for a usage error.`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  keys: { type: 'string' },
  script: { type: 'string' },
  'on-keys-exhausted': { type: 'string' },
  'max-hold': { type: 'string' },
  'talk-seconds': { type: 'string' },
  agent: { type: 'string' },
  'agent-keys': { type: 'string' },
  'agent-delay': { type: 'string' },
  'agent-from': { type: 'string' },
  url: { type: 'string' },
  'public-base-url': { type: 'string' },
  'auth-token': { type: 'string' },
  'voice-path': { type: 'string' },
  'agent-path': { type: 'string' },
  'status-path': { type: 'string' },
  'fallback-path': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  realtime: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** What `startHotline` in src/server.ts gives back. */
interface RunningHotline {
  url: string;
  publicBaseUrl: string;
  authToken: string;
  close(): Promise<void>;
}

class UsageError extends Error {}

/** Runs the CLI with `argv` (without node and script); resolves to the process exit code. */
export async function runCallCli(argv: string[]): Promise<number> {
  let flags: Flags;
  try {
    flags = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (flags.help) {
    console.log(HELP);
    return 0;
  }

  let keyboard: KeyboardCallerInput | undefined;
  let hotline: RunningHotline | undefined;
  try {
    const interactive = process.stdin.isTTY === true && flags.keys === undefined && flags.script === undefined && !flags.json;
    const agentPath = flags['agent-path'] ?? '/twilio/agent';
    // Usage mistakes surface before a hotline is started for nothing.
    const specs = buildSpecs(flags, agentPath, interactive ? (keyboard = new KeyboardCallerInput()) : undefined);
    const target = flags.url ? attach(flags) : (hotline = await startInProcess(flags.json ?? false));
    const sim = new VoiceSimulator({
      targetUrl: target.url,
      publicBaseUrl: target.publicBaseUrl,
      authToken: target.authToken,
      voicePath: flags['voice-path'] ?? '/twilio/voice',
      agentPath,
      ...optionalPath('statusCallbackPath', flags['status-path'], '/twilio/status'),
      ...optionalPath('fallbackPath', flags['fallback-path'], '/twilio/fallback'),
      realtime: flags.realtime ?? false,
      ...(flags.json ? {} : { onEvent: printer(flags, keyboard) }),
    });
    if (!flags.json) {
      console.log(`☎ calling ${target.publicBaseUrl} (requests go to ${target.url})`);
      if (!keyboard && flags.keys === undefined && flags.script === undefined) {
        console.log('  no --keys and no terminal: the caller hangs up at the first menu');
      }
    }
    const calls = await sim.runCalls(specs);
    if (flags.json) console.log(JSON.stringify({ ok: calls.every((c) => c.ok), calls: calls.map((c) => c.toJSON()) }, null, 2));
    else printSummary(calls);
    return calls.every((c) => c.ok) ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError || err instanceof KeyScriptError || err instanceof ScriptFileError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  } finally {
    keyboard?.close();
    await hotline?.close();
  }
}

function buildSpecs(flags: Flags, agentPath: string, keyboard: KeyboardCallerInput | undefined): CallSpec[] {
  const agentCall = (id: string, spec: CallSpec): CallSpec => ({ label: `agent ${id}`, from: DEFAULT_AGENT_FROM, path: agentPath, ...spec });
  const shared: CallSpec = {
    ...(flags['on-keys-exhausted'] ? { onKeysExhausted: keysExhausted(flags['on-keys-exhausted']) } : {}),
    ...(flags['max-hold'] ? { maxHoldSeconds: seconds(flags['max-hold'], '--max-hold') } : {}),
    ...(flags['talk-seconds'] ? { talkSeconds: seconds(flags['talk-seconds'], '--talk-seconds') } : {}),
  };
  if (flags.script) {
    return loadCallScript(flags.script).map(({ agent, spec }) => (agent === undefined ? { ...shared, ...spec } : agentCall(agent, { ...shared, ...spec })));
  }
  const caller: CallSpec = {
    ...shared,
    ...(flags.from ? { from: flags.from } : {}),
    ...(flags.to ? { to: flags.to } : {}),
    ...(keyboard ? { input: keyboard } : { keys: parseKeyScript(flags.keys ?? '') }),
  };
  if (flags.agent === undefined) return [caller];
  const agent = agentCall(flags.agent, {
    ...shared,
    keys: parseKeyScript(flags['agent-keys'] ?? ''),
    ...(flags['agent-delay'] ? { startAtSeconds: seconds(flags['agent-delay'], '--agent-delay') } : {}),
    ...(flags['agent-from'] ? { from: flags['agent-from'] } : {}),
  });
  return [caller, agent];
}

// The simulator plays Twilio, so it is configured like Twilio's console (token, public URL), not through
// the hotline's config module; these two variables are the same ones the hotline is started with.
function attach(flags: Flags): { url: string; publicBaseUrl: string; authToken: string } {
  const url = (flags.url ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${flags.url}"`);
  return {
    url,
    publicBaseUrl: (flags['public-base-url'] ?? process.env.PUBLIC_BASE_URL ?? url).replace(/\/+$/, ''),
    authToken: flags['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN ?? LOCAL_TWILIO_AUTH_TOKEN,
  };
}

async function startInProcess(quiet: boolean): Promise<RunningHotline> {
  // Loaded lazily, by computed names, so the simulator and its tests never need the hotline.
  const serverModule = '../server';
  const loggerModule = '../logging/logger';
  let start: unknown;
  let createLogger: unknown;
  try {
    start = ((await import(serverModule)) as { startHotline?: unknown }).startHotline;
    createLogger = ((await import(loggerModule)) as { createLogger?: unknown }).createLogger;
  } catch (err) {
    throw new UsageError(`could not load src/server.ts to start the hotline (${(err as Error).message}); start it yourself and pass --url`);
  }
  if (typeof start !== 'function') throw new UsageError('src/server.ts does not export startHotline(); pass --url to attach to a running hotline');
  // The hotline's info logs would drown the call; its errors still show.
  const options = { port: 0, ...(typeof createLogger === 'function' ? { logger: createLogger('error') as unknown } : {}) };
  const hotline = await (start as (o: typeof options) => Promise<RunningHotline & { config?: { mode?: string } }>)(options);
  if (!quiet && hotline.config?.mode === 'local') {
    console.log('☎ hotline started in-process in local mode (embedded database, local auth token)');
  }
  return hotline;
}

function printer(flags: Flags, keyboard: KeyboardCallerInput | undefined): (entry: TranscriptEntry) => void {
  const showLeg = flags.agent !== undefined || flags.script !== undefined;
  return (entry) => {
    const line = formatEntry(entry, { showLeg, verbose: flags.verbose ?? false });
    if (line === undefined) return;
    if (keyboard) keyboard.print(line);
    else console.log(line);
  };
}

function printSummary(calls: SimulatedCall[]): void {
  console.log('');
  for (const call of calls) {
    const mark = call.ok ? '✔' : '✖';
    console.log(`${mark} ${call.label} ${call.callSid}: ended by ${call.endedBy} after ${call.durationSeconds} s, ${call.requests().length} requests`);
    for (const error of call.errors) {
      console.log(`   ${error.source === 'twilio' ? `Twilio ${error.code}` : 'simulator'}: ${error.message}`);
    }
    for (const failure of call.expectationFailures) console.log(`   expectation failed: ${failure}`);
  }
}

function optionalPath<K extends string>(key: K, value: string | undefined, fallback: string): Partial<Record<K, string>> {
  const path = value ?? fallback;
  return path === '' ? {} : ({ [key]: path } as Record<K, string>);
}

function seconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} takes a number of seconds, got "${value}"`);
  return n;
}

function keysExhausted(value: string): 'hangup' | 'silence' {
  if (value === 'hangup' || value === 'silence') return value;
  throw new UsageError(`--on-keys-exhausted takes hangup or silence, got "${value}"`);
}

if (require.main === module) {
  runCallCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
