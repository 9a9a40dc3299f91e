import type { PromptCatalog } from './prompt-catalog';

const STATUS = { open: '处理中', calledBack: '已回电，正在跟进', resolved: '已解决' } as const;

/** Mandarin prompts (the default language). */
export const zhCN: PromptCatalog = {
  greeting: '您好，欢迎致电数字钱包客服热线。为了更好地为您服务，您的按键将被记录。',
  chooseThisLanguage: '普通话服务请按1。',
  mainMenu:
    '手机丢失、被盗或发现可疑交易，需要冻结账户，请按1；充值失败，请按2；服务故障，请按3；投诉，请按4；查询工单进度，请按5；人工服务，请按0；重听请按星号键。',
  navigationHint: '人工服务请按0，返回主菜单请按9，重听请按星号键。',

  enterMobileNumber: '请输入您钱包注册的手机号码，以井号键结束。',
  confirmMobileNumber: (n) => `您输入的号码是：${n}。确认请按1，重新输入请按2。`,
  freezeRecorded: (ref) =>
    `您的冻结申请已登记，申请编号是：${ref}。再说一遍：${ref}。请注意，这是一项申请，是否冻结由客服和风控系统决定。正在为您优先转接人工客服。`,

  enterOrderNumber: '请输入充值订单号，以井号键结束。没有订单号，请直接按井号键。',
  enterAmount: '请输入充值金额，以井号键结束，小数点请按星号键。跳过请直接按井号键。',
  rechargeAdvice: '您可以先试试：确认银行卡或充值渠道是否正常；核对余额和充值限额；或者换一种充值方式。等待人工客服请按1，预约回电请按2。',

  outageNotice: (message, recovery) => (recovery ? `${message}。预计${recovery}恢复。` : `${message}。`),
  outageOptions: '转人工客服请按1，故障恢复后给您回电请按2，返回主菜单请按9。',
  noKnownOutage: '目前没有已知的服务故障。建议您先检查网络连接，或者关闭并重新打开应用。转人工客服请按1，返回主菜单请按9。',

  complaintCategories: '交易失败或扣款未到账，请按1；账户被冻结或封禁，请按2；隐私和安全问题，请按3；对我们的服务不满意，请按4；其他问题，请按5。',
  enterTransactionNumber: '如有相关的交易单号，请输入并以井号键结束；没有请直接按井号键。',
  complaintOptions: (toSupervisors) => `我们会在24小时内答复您。${toSupervisors ? '等待值班主管' : '等待人工客服'}请按1，预约回电请按2。`,

  enterTicketReference: '请输入8位工单号。',
  ticketStatus: (ref, status, due) => `工单${ref}的状态是：${STATUS[status]}。预计答复时间：${due}。`,
  ticketNotFound: '很抱歉，没有找到您的工单。',
  ticketOptions: '转人工客服请按1，返回主菜单请按9。',

  hold: ({ position, estimatedMinutes }) =>
    `${position <= 1 ? '您是下一位。' : `您前面还有${position - 1}位来电者。`}${estimatedMinutes === null ? '' : `预计等待约${estimatedMinutes}分钟。`}`,
  holdOffer: '如不想继续等待，请按1预约回电。',
  noAgentsOnline: '目前没有客服在线，建议您按1预约回电；您也可以继续等待。',
  holdForAgent: '请稍候，客服正在为您处理。',
  transferring: '正在为您转接值班主管，请稍候。',
  rateService: '请为本次服务打分：非常满意请按5，满意请按4，一般请按3，不满意请按2，非常不满意请按1。',

  confirmCallerId: (last4) => `我们将拨打尾号为${last4.split('').join('、')}的号码给您回电。确认请按1，使用其他号码请按2。`,
  confirmEnteredNumber: (n) => `我们将拨打${n}给您回电。确认请按1，重新输入请按2。`,
  enterCallbackNumber: '请输入回电号码，以井号键结束。',
  callbackBooked: (ref, due) => `您的回电申请已登记，工单号是：${ref}。再说一遍：${ref}。我们将在${due}之前给您回电。感谢您的来电，再见。`,

  invalidChoice: '抱歉，您的选择无效。',
  noInput: '抱歉，我们没有收到您的按键。',
  invalidEntry: '抱歉，您输入的号码无效。',
  ticketReferenceUnknown: '抱歉，没有找到这个工单号，请重新输入。',
  tooManyAttempts: '我们为您转接人工客服。',
  closed: (reason) =>
    ({
      afterHours: '现在是非工作时间，人工客服暂时无法接听。我们为您登记回电。',
      holiday: '今天是节假日，人工客服暂停服务。我们为您登记回电。',
      emergency: '人工客服暂时无法接听。我们为您登记回电。',
    })[reason],
  queueTimedOut: '很抱歉让您久等了。我们为您登记回电。',
  queueProblem: '抱歉，转接出现问题。我们为您登记回电。',
  outageShort: (texts) => `服务公告：${texts.join('；')}。`,

  thanks: '感谢您的来电，再见。',
  goodbyeWithoutNumber: '很抱歉，我们无法登记回电号码。请在工作时间再次来电。再见。',
  apologyToAgent: '抱歉，系统暂时出现问题，正在为您转接人工客服。',
  apologyWhileHolding: '抱歉，系统暂时出现问题，请您继续等待。',

  spokenDigits: (digits) => digits.split('').join('、'),
  moment: (iso, timeZone) =>
    new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso)),
};
