import type { SnapshotFrom } from 'xstate';
import type { AgentMachine, AgentContext } from './agent.flow';
import type { AgentNote } from './agent-flow.types';
import type { Language } from './call-flow.types';
import { statePath } from './state-path';
import { AGENT_PROMPTS, type AgentPromptCatalog } from './prompts/agent-prompts';
import type { Speech, VoiceTurn } from './voice.types';

export type AgentSnapshot = SnapshotFrom<AgentMachine>;

const ENTRY_TIMEOUT_SECONDS = 10;
const MENU_TIMEOUT_SECONDS = 8;
/** How long the agent's hold loop waits before checking the queues again. */
const AGENT_HOLD_SECONDS = 10;

function noteText(p: AgentPromptCatalog, n: AgentNote): string {
  switch (n.kind) {
    case 'welcome':
      return p.welcome(n.name);
    case 'wrongLogin':
      return p.wrongLogin;
    case 'invalidEntry':
      return p.invalidEntry;
    case 'invalidChoice':
      return p.invalidChoice;
    case 'callerLeft':
      return p.callerLeft;
    case 'transferred':
      return p.transferred;
    case 'transferCallerGone':
      return p.transferCallerGone;
    case 'callEnded':
      return p.callEnded;
  }
}

/** Before login the agent line speaks both languages; after it, the agent's. */
function languagesOf(c: AgentContext): Language[] {
  return c.language ? [c.language] : ['zh-CN', 'en-US'];
}

function speech(c: AgentContext, text: (p: AgentPromptCatalog) => string): Speech[] {
  return languagesOf(c).map((l) => ({ kind: 'say', text: text(AGENT_PROMPTS[l]), language: l }));
}

/** What the agent hears now and what is expected of them. */
export function voiceForAgent(snapshot: AgentSnapshot): VoiceTurn {
  const c = snapshot.context;
  const notes = c.notes.flatMap((n) => speech(c, (p) => noteText(p, n)));
  const ask = (
    purpose: string,
    keys: 'one' | 'digits',
    text: (p: AgentPromptCatalog) => string,
    timeoutSeconds = keys === 'one' ? MENU_TIMEOUT_SECONDS : ENTRY_TIMEOUT_SECONDS,
  ): VoiceTurn => ({
    kind: 'ask',
    speech: [...notes, ...speech(c, text)],
    expect: { purpose, keys, timeoutSeconds },
  });
  const path = statePath(snapshot.value);
  switch (path) {
    case 'live.enteringAgentId':
      return ask('agentId', 'digits', (p) => p.enterAgentId);
    case 'live.enteringPin':
      return ask('pin', 'digits', (p) => p.enterPin);
    case 'live.refused':
      return { kind: 'hangup', speech: [...notes, ...speech(c, (p) => p.refused)] };
    case 'live.waitingForCallers':
      // Pause and check again, without a Gather: keys pressed now are not taken for the next menu.
      return { kind: 'pauseThenCheck', speech: [...notes, ...speech(c, (p) => p.noCallers)], pauseSeconds: AGENT_HOLD_SECONDS };
    case 'live.whispering':
      return ask('whisper', 'one', (p) => `${p.whisper(c.whisper!)} ${p.whisperOptions}`);
    case 'live.connected':
      return { kind: 'dialQueue', speech: notes, queue: c.whisper!.queue };
    case 'live.decidingAfterCall':
      return ask('afterCall', 'one', (p) => p.afterCallMenu);
    case 'live.choosingTransferReason':
      return ask('transferReason', 'one', (p) => p.transferReasons);
    case 'live.wrappingUp':
      return ask('wrapUp', 'one', (p) => p.wrapUpMenu);
    case 'live.loggingOut':
    case 'offline':
      return { kind: 'hangup', speech: [...notes, ...speech(c, (p) => p.goodbye)] };
    default:
      throw new Error(`no voice for agent state ${path}`);
  }
}

/** Said to the caller just before the bridge (Twilio's `<Queue url>`): which agent (工号) serves them. */
export function agentAnnouncement(callerLanguage: Language, agentId: string): VoiceTurn {
  const p = AGENT_PROMPTS[callerLanguage];
  const spoken = agentId.split('').join(callerLanguage === 'zh-CN' ? '' : ' ');
  return { kind: 'speak', speech: [{ kind: 'say', text: p.agentWillHelp(spoken), language: callerLanguage }] };
}
