import type { Catalog } from "./index.ts";

/** Settlement (issue 6): admin pages, the creator's statement, the backer's payment status, mail. */
const en = {
  status: {
    pending: "Awaiting charge",
    charged: "Charged",
    payment_failed: "Payment failed",
    dropped: "Dropped",
    released: "Not charged",
    refunded: "Refunded",
  },
  phase: {
    awaiting: "Awaiting settlement",
    charging: "Charging backers",
    collecting: "In the retry window",
    paying_out: "Paying out",
    done: "Settled",
  },
  outcome: { succeeded: "Goal reached", failed: "Goal not reached" },
  fix: {
    notFailed: "This pledge has no failed payment to fix.",
    windowOver: "The time to fix this payment has ended.",
    chooseCard: "Choose one of your cards or add a new one.",
    inProgress: "A payment for this pledge is being processed. Reload the page in a moment.",
    gatewayDown:
      "The payment provider did not answer. Your card was not charged twice; please try again in a few minutes.",
  },
  refund: {
    notCharged: "Only a collected pledge can be refunded.",
    already: "This pledge has already been refunded.",
  },
  mail: {
    campaign_failed_backer: {
      subject: "“{{project}}” did not reach its goal — you were not charged",
      body: "Hello {{name}},\n\n“{{project}}” ended with {{pledged}} pledged of its {{goal}} goal. Funding is all-or-nothing, so the campaign was not funded and nobody was charged. Your pledge of {{pledgedAmount}} has been released.\n\nThank you for your support.\n\nThe Seedfund team",
    },
    campaign_failed_creator: {
      subject: "“{{project}}” did not reach its goal",
      body: "Hello {{name}},\n\nYour campaign “{{project}}” ended with {{pledged}} pledged of its {{goal}} goal. Funding is all-or-nothing, so no backer was charged and every pledge has been released.\n\nYour statement: {{statementLink}}\n\nThe Seedfund team",
    },
    campaign_succeeded_creator: {
      subject: "“{{project}}” is funded!",
      body: "Hello {{name}},\n\nCongratulations: “{{project}}” reached its {{goal}} goal with {{pledged}} pledged. We are now charging your backers. Backers whose payment fails have a few days to fix it; your payout, less fees, is made after that, from {{payoutDue}}.\n\nFollow the progress on your statement: {{statementLink}}\n\nThe Seedfund team",
    },
    payment_failed: {
      subject: "Action needed: your payment for “{{project}}” failed",
      body: "Hello {{name}},\n\n“{{project}}” reached its goal, but we could not charge {{amount}} to your card. To keep your pledge, update your payment method before {{windowEnd}}:\n\n{{fixLink}}\n\nWe will also try your card again automatically a few times until then. If the payment still fails, the pledge will be dropped.\n\nThe Seedfund team",
    },
    dropped: {
      subject: "Your pledge to “{{project}}” was dropped",
      body: "Hello {{name}},\n\nWe could not collect your pledge of {{amount}} to “{{project}}” before {{windowEnd}}, so it has been dropped. You were not charged, and any limited reward you chose has been released.\n\nThe Seedfund team",
    },
    refunded: {
      subject: "Refund of your pledge to “{{project}}”",
      body: "Hello {{name}},\n\nWe have refunded {{amount}} for your pledge to “{{project}}” to the card it was charged to. Depending on your bank it may take a few days to appear.\n\nDetails: {{link}}\n\nThe Seedfund team",
    },
    paid_out: {
      subject: "Payout for “{{project}}” sent",
      body: "Hello {{name}},\n\nWe have sent {{payout}} for “{{project}}” to your payout account. Your statement lists every charge, fee and adjustment behind this figure:\n\n{{statementLink}}\n\nThe Seedfund team",
    },
    shares_confirmed: {
      subject: "Your shares in “{{project}}” are confirmed",
      body: "Hello {{name}},\n\nThe offering “{{project}}” reached its target. You have been allocated {{shares}} shares (you asked for {{requestedShares}}), and {{amount}} has been charged to your card. Any shares not allocated were not charged.\n\nKeep this email as a record of your investment.\n\nThe Seedfund team",
    },
    not_allocated: {
      subject: "No shares allocated in “{{project}}”",
      body: "Hello {{name}},\n\nThe offering “{{project}}” was oversubscribed and, under its allocation rule, no shares could be allocated to your commitment of {{pledgedAmount}}. You were not charged.\n\nThe Seedfund team",
    },
  },
};

const zhCN: Catalog<typeof en> = {
  status: {
    pending: "等待扣款",
    charged: "已扣款",
    payment_failed: "扣款失败",
    dropped: "已取消",
    released: "未扣款",
    refunded: "已退款",
  },
  phase: {
    awaiting: "等待结算",
    charging: "正在扣款",
    collecting: "补救期内",
    paying_out: "正在打款",
    done: "已结算",
  },
  outcome: { succeeded: "已达到目标", failed: "未达到目标" },
  fix: {
    notFailed: "该支持没有需要处理的扣款失败。",
    windowOver: "处理该笔付款的期限已过。",
    chooseCard: "请选择您的一张银行卡，或添加新卡。",
    inProgress: "该支持的一笔付款正在处理中，请稍后刷新页面。",
    gatewayDown: "支付机构没有响应。您的银行卡不会被重复扣款，请几分钟后重试。",
  },
  refund: {
    notCharged: "只有已扣款的支持才能退款。",
    already: "该支持已经退款。",
  },
  mail: {
    campaign_failed_backer: {
      subject: "“{{project}}”未达到目标，您未被扣款",
      body: "{{name}}，您好：\n\n“{{project}}”结束时共筹得 {{pledged}}，目标为 {{goal}}。众筹采用“全有或全无”规则，因此项目未获资助，任何人都没有被扣款。您 {{pledgedAmount}} 的支持已解除。\n\n感谢您的支持。\n\n种子众筹团队",
    },
    campaign_failed_creator: {
      subject: "“{{project}}”未达到目标",
      body: "{{name}}，您好：\n\n您的项目“{{project}}”结束时共筹得 {{pledged}}，目标为 {{goal}}。众筹采用“全有或全无”规则，因此没有向任何支持者扣款，所有支持均已解除。\n\n您的结算单：{{statementLink}}\n\n种子众筹团队",
    },
    campaign_succeeded_creator: {
      subject: "“{{project}}”众筹成功！",
      body: "{{name}}，您好：\n\n恭喜！“{{project}}”以 {{pledged}} 的筹款额达到了 {{goal}} 的目标。我们正在向支持者扣款。扣款失败的支持者有几天时间更新付款方式；之后，我们会在扣除费用后向您打款，最早于 {{payoutDue}}。\n\n在结算单中查看进度：{{statementLink}}\n\n种子众筹团队",
    },
    payment_failed: {
      subject: "需要您处理：“{{project}}”的付款失败",
      body: "{{name}}，您好：\n\n“{{project}}”已达到目标，但我们未能从您的银行卡扣款 {{amount}}。如需保留您的支持，请在 {{windowEnd}} 之前更新付款方式：\n\n{{fixLink}}\n\n在此之前，我们也会自动重试几次。如果仍然扣款失败，该支持将被取消。\n\n种子众筹团队",
    },
    dropped: {
      subject: "您对“{{project}}”的支持已取消",
      body: "{{name}}，您好：\n\n我们未能在 {{windowEnd}} 之前收取您对“{{project}}”的 {{amount}} 支持，因此该支持已被取消。您没有被扣款，您选择的限量回报也已释放。\n\n种子众筹团队",
    },
    refunded: {
      subject: "您对“{{project}}”的支持已退款",
      body: "{{name}}，您好：\n\n我们已将您对“{{project}}”支持的 {{amount}} 退回原扣款银行卡。视银行处理时间，可能需要几天才能到账。\n\n详情：{{link}}\n\n种子众筹团队",
    },
    paid_out: {
      subject: "“{{project}}”的款项已打出",
      body: "{{name}}，您好：\n\n我们已将“{{project}}”的 {{payout}} 打入您的收款账户。结算单列出了该金额背后的每一笔扣款、费用和调整：\n\n{{statementLink}}\n\n种子众筹团队",
    },
    shares_confirmed: {
      subject: "您在“{{project}}”中的股份已确认",
      body: "{{name}}，您好：\n\n股权项目“{{project}}”已达到目标。您获配 {{shares}} 股（您认购了 {{requestedShares}} 股），已从您的银行卡扣款 {{amount}}。未获配的股份不会扣款。\n\n请保留本邮件作为您的投资凭证。\n\n种子众筹团队",
    },
    not_allocated: {
      subject: "您在“{{project}}”中未获配股份",
      body: "{{name}}，您好：\n\n股权项目“{{project}}”认购超额。根据其配售规则，您 {{pledgedAmount}} 的认购未能获配股份。您没有被扣款。\n\n种子众筹团队",
    },
  },
};

export const settlementCatalog = { en, zhCN };
