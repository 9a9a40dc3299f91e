import type { AgentQueue, TransferReason, WhisperView } from '../agent-flow.types';
import type { Branch, ComplaintCategory, Language } from '../call-flow.types';

/** Everything the agent line says, in one language. */
export interface AgentPromptCatalog {
  enterAgentId: string;
  enterPin: string;
  wrongLogin: string;
  refused: string;
  welcome(name: string): string;
  noCallers: string;
  whisper(w: WhisperView): string;
  whisperOptions: string;
  callerLeft: string;
  callEnded: string;
  afterCallMenu: string;
  transferReasons: string;
  transferred: string;
  /** The caller hung up before the agent's transfer took effect. */
  transferCallerGone: string;
  wrapUpMenu: string;
  goodbye: string;
  invalidChoice: string;
  invalidEntry: string;
  systemProblem: string;
  /** Said to the caller just before the bridge, in the caller's language. */
  agentWillHelp(spokenAgentId: string): string;
}

const spell = (digits: string, sep: string) => digits.split('').join(sep);

const ZH_QUEUE: Record<AgentQueue, string> = {
  transfers: '转接',
  freeze: '冻结账户',
  escalation: '投诉升级',
  complaints: '投诉',
  recharge: '充值失败',
  general: '综合',
};
const ZH_BRANCH: Record<Branch, string> = {
  freeze: '冻结账户',
  recharge: '充值失败',
  outage: '服务故障',
  complaint: '投诉',
  ticketStatus: '工单查询',
  human: '人工服务',
};
const ZH_COMPLAINT: Record<ComplaintCategory, string> = {
  failedTransaction: '交易失败或扣款未到账',
  accountBlocked: '账户被冻结或封禁',
  privacy: '隐私和安全',
  service: '对服务不满意',
  other: '其他',
};
const ZH_REASON: Record<TransferReason, string> = {
  needsApproval: '需要主管批准',
  callerAsked: '来电者要求主管',
  suspectedFraud: '疑似欺诈',
  complaint: '投诉',
  other: '其他原因',
};
const ZH_LANGUAGE: Record<Language, string> = { 'zh-CN': '普通话', 'en-US': '英语' };

const EN_QUEUE: Record<AgentQueue, string> = {
  transfers: 'transfers',
  freeze: 'freeze account',
  escalation: 'escalation',
  complaints: 'complaints',
  recharge: 'recharge failure',
  general: 'general',
};
const EN_BRANCH: Record<Branch, string> = {
  freeze: 'freeze account',
  recharge: 'recharge failure',
  outage: 'service outage',
  complaint: 'complaint',
  ticketStatus: 'ticket status',
  human: 'asked for an agent',
};
const EN_COMPLAINT: Record<ComplaintCategory, string> = {
  failedTransaction: 'failed transaction or money not received',
  accountBlocked: 'account frozen or blocked',
  privacy: 'privacy and security',
  service: 'unhappy with our service',
  other: 'other',
};
const EN_REASON: Record<TransferReason, string> = {
  needsApproval: 'needs supervisor approval',
  callerAsked: 'the caller asked for a supervisor',
  suspectedFraud: 'suspected fraud',
  complaint: 'complaint',
  other: 'other',
};
const EN_LANGUAGE: Record<Language, string> = { 'zh-CN': 'Mandarin', 'en-US': 'English' };

const minutes = (seconds: number) => Math.max(0, Math.round(seconds / 60));

export const agentZhCN: AgentPromptCatalog = {
  enterAgentId: '客服登录，请输入工号，以井号键结束。',
  enterPin: '请输入密码，以井号键结束。',
  wrongLogin: '工号或密码错误，请重新输入。',
  refused: '登录失败次数过多，请稍后再试。再见。',
  welcome: (name) => `${name}，您好，您已登录。`,
  noCallers: '暂无来电，请稍候。',
  whisper: (w) =>
    [
      `来电来自${ZH_QUEUE[w.queue]}队列，${w.branch ? `业务：${ZH_BRANCH[w.branch]}，` : ''}语言：${ZH_LANGUAGE[w.language]}，已等待${minutes(w.waitedSeconds)}分钟。`,
      w.transfer ? `由工号${spell(w.transfer.agentId, '、')}${w.transfer.agentName}转来，原因：${ZH_REASON[w.transfer.reason]}。` : '',
      w.orderNumber ? `充值订单号：${spell(w.orderNumber, '、')}。` : '',
      w.amount ? `金额：${w.amount}元。` : '',
      w.complaintCategory ? `投诉类别：${ZH_COMPLAINT[w.complaintCategory]}。` : '',
      w.ticketReference ? `${w.ticketCategory === 'freeze' ? '冻结申请编号' : '工单号'}：${spell(w.ticketReference, '、')}。` : '',
      w.lookedUpReference ? `查询的工单号：${spell(w.lookedUpReference, '、')}。` : '',
      w.flag ? '注意：该冻结申请被标记为重复申请。' : '',
      `该号码7天内来电${w.callsLast7Days}次，${w.openTicket ? '有' : '没有'}未结工单。`,
    ].join(''),
  whisperOptions: '接通请按1，重听请按2，退出请按9。',
  callerLeft: '该来电者已挂断或已被接听。',
  callEnded: '通话已结束。',
  afterCallMenu: '通话已断开。如来电者仍在线：转接值班主管请按1，正常结束请按2。',
  transferReasons: '请选择转接原因：需要主管批准请按1，来电者要求主管请按2，疑似欺诈请按3，投诉请按4，其他请按5。',
  transferred: '已转接给主管。',
  transferCallerGone: '来电者已挂断，无法转接。',
  wrapUpMenu: '接听下一位来电请按1，退出请按9。',
  goodbye: '您已退出，再见。',
  invalidChoice: '选择无效。',
  invalidEntry: '输入无效。',
  systemProblem: '抱歉，系统暂时出现问题，请稍后重新拨打客服登录线。',
  agentWillHelp: (id) => `工号${id}为您服务。`,
};

export const agentEnUS: AgentPromptCatalog = {
  enterAgentId: 'Agent login. Enter your agent ID, followed by the pound key.',
  enterPin: 'Enter your PIN, followed by the pound key.',
  wrongLogin: 'That agent ID or PIN is not right. Please try again.',
  refused: 'Too many failed logins. Please try again later. Goodbye.',
  welcome: (name) => `Hello ${name}, you are logged in.`,
  noCallers: 'Nobody is waiting right now. Please hold.',
  whisper: (w) =>
    [
      `Caller from the ${EN_QUEUE[w.queue]} queue${w.branch ? `, ${EN_BRANCH[w.branch]}` : ''}, speaks ${EN_LANGUAGE[w.language]}, waited ${minutes(w.waitedSeconds)} minutes.`,
      w.transfer ? ` Transferred by agent ${spell(w.transfer.agentId, ' ')}, ${w.transfer.agentName}: ${EN_REASON[w.transfer.reason]}.` : '',
      w.orderNumber ? ` Order number ${spell(w.orderNumber, ' ')}.` : '',
      w.amount ? ` Amount ${w.amount}.` : '',
      w.complaintCategory ? ` Complaint: ${EN_COMPLAINT[w.complaintCategory]}.` : '',
      w.ticketReference ? ` ${w.ticketCategory === 'freeze' ? 'Freeze request' : 'Ticket'} ${spell(w.ticketReference, ' ')}.` : '',
      w.lookedUpReference ? ` Asked about ticket ${spell(w.lookedUpReference, ' ')}.` : '',
      w.flag ? ' Note: repeated freeze requests.' : '',
      ` ${w.callsLast7Days} earlier calls from this number in 7 days; ${w.openTicket ? 'an open ticket' : 'no open ticket'}.`,
    ].join(''),
  whisperOptions: 'To connect, press 1. To repeat, press 2. To log out, press 9.',
  callerLeft: 'That caller has hung up or was answered.',
  callEnded: 'The call has ended.',
  afterCallMenu: 'You left the call. If the caller is still on the line: to transfer them to a supervisor, press 1; to end the call normally, press 2.',
  transferReasons: 'Why? Needs approval, press 1. The caller asked for a supervisor, press 2. Suspected fraud, press 3. Complaint, press 4. Other, press 5.',
  transferred: 'The caller is transferred to a supervisor.',
  transferCallerGone: 'The caller has already hung up; the transfer is cancelled.',
  wrapUpMenu: 'For the next caller, press 1. To log out, press 9.',
  goodbye: 'You are logged out. Goodbye.',
  invalidChoice: 'Not a valid choice.',
  invalidEntry: 'Not a valid entry.',
  systemProblem: 'Sorry, the agent line has a technical problem. Please call it again in a moment.',
  agentWillHelp: (id) => `Agent ${id} will help you.`,
};

export const AGENT_PROMPTS: Record<Language, AgentPromptCatalog> = { 'zh-CN': agentZhCN, 'en-US': agentEnUS };
