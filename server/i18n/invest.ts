import type { Catalog } from "./index.ts";

/**
 * The `invest` namespace: equity investing (qualification, limits, explanations, UK risk warnings and
 * appropriateness questions). Keys used by server/domain/investing/*; amounts and days in the
 * parameters arrive already formatted for the reader (see explainReason in server/domain/investing).
 */
const en = {
  regimes: {
    us_reg_cf: "United States — Regulation Crowdfunding",
    uk: "United Kingdom — FCA rules for high-risk investments",
    cn_private: "China — non-public equity crowdfunding",
  },
  labels: {
    limit: "Limit over 12 months",
    remaining: "Remaining",
    counted: "Counted over the last 12 months",
    noLimit: "No limit",
  },
  common: {
    noRuleInForce:
      "No investment rule of this kind was in force on {{day}}, so no investment can be accepted for that day.",
    amountPositive: "Enter an amount greater than zero.",
    overLimit: "{{amount}} is more than what remains of your limit ({{remaining}}). Choose a smaller amount.",
    limitUsed: "You have used all of your limit for the 12 months to {{to}}.",
    counted:
      "Counted over the 12 months from {{from}} to {{to}}: {{platform}} committed on Seedfund and {{elsewhere}} declared from elsewhere. {{remaining}} of your limit remains.",
  },
  us: {
    figures: { income: "income", netWorth: "net worth" },
    basis: {
      greater: "your {{figure}} of {{amount}} is the greater figure",
      lesser: "your {{figure}} of {{amount}} is the lesser figure",
      equal: "your income and net worth are both {{amount}}",
    },
    limit: {
      under:
        "Your limit over 12 months is {{limit}}: {{basis}}, and as your {{below}} is under {{threshold}} the limit is the greater of {{floor}} and {{percent}}% of it.",
      over: "Your limit over 12 months is {{limit}}: {{basis}}, and as your income and net worth are both at least {{threshold}} the limit is {{percent}}% of it, but not more than {{cap}}.",
      underLesser:
        "Your limit over 12 months is {{limit}}: under the rule in force before 15 March 2021 the lesser of your income and net worth counts; {{basis}}, and as it is under {{threshold}} the limit is the greater of {{floor}} and {{percent}}% of it.",
      overLesser:
        "Your limit over 12 months is {{limit}}: under the rule in force before 15 March 2021 the lesser of your income and net worth counts; {{basis}}, and as your income and net worth are both at least {{threshold}} the limit is {{percent}}% of it, but not more than {{cap}}.",
      capped:
        "Over 12 months nobody who is not an accredited investor may invest more than {{cap}} in Regulation Crowdfunding offerings, so your limit is {{cap}}.",
      accredited: "As an accredited investor you have no investment limit under Regulation Crowdfunding.",
      accreditedLimited: "Before 15 March 2021 the limit applied to accredited investors too.",
    },
  },
  uk: {
    categories: {
      restricted: "restricted investor",
      certified_hnw: "certified high-net-worth investor",
      self_certified_sophisticated: "self-certified sophisticated investor",
    },
    limit: {
      restricted:
        "Your limit over 12 months is {{limit}}: as a restricted investor you keep what you put into high-risk investments like this one under {{percent}}% of your net assets of {{netAssets}}, that is under {{under}}.",
      hnwIncome:
        "As a certified high-net-worth investor with an income of {{income}} (at least {{incomeThreshold}}), you have no investment limit.",
      hnwNetAssets:
        "As a certified high-net-worth investor with net assets of {{netAssets}} (at least {{netAssetsThreshold}}), you have no investment limit.",
      sophisticated:
        "As a self-certified sophisticated investor ({{criterion}}), you have no investment limit.",
    },
    criteria: {
      angelNetwork: "a member of a business angel network or syndicate for at least {{months}} months",
      unlistedInvestments: "at least {{investments}} investments in unlisted companies in the last two years",
      privateEquity:
        "working in private equity or in finance for small and medium enterprises in the last two years",
      director:
        "a director of a company with an annual turnover of at least {{turnover}} in the last two years",
    },
    refused: {
      restrictedOver:
        "You have put {{counted}} into high-risk investments over the last 12 months, which is not under {{percent}}% of your net assets of {{netAssets}} (under {{under}}), so you cannot invest as a restricted investor now.",
      hnwBelow:
        "A certified high-net-worth investor needs an income of at least {{incomeThreshold}} or net assets of at least {{netAssetsThreshold}}; you declared an income of {{income}} and net assets of {{netAssets}}.",
      sophisticatedNone:
        "A self-certified sophisticated investor meets at least one of these: a member of a business angel network for at least {{months}} months; at least {{investments}} investments in unlisted companies in the last two years; work in private equity or finance for small and medium enterprises in the last two years; a director of a company with an annual turnover of at least {{turnover}}. Your statement meets none of them.",
      statementExpired:
        "Your statement as a {{category}} was made on {{signed}}, and a statement lasts 12 months. Please make your statement again.",
      appropriatenessNeeded:
        "Before you invest, answer a few questions about the risks of this kind of investment.",
      appropriatenessFailed:
        "You did not pass the questions about the risks. You can try again from {{retakeAt}}.",
      coolingOffNotStarted:
        "As you are new to Seedfund, you have {{hours}} hours to reflect before your first investment. They start when you first open an offer's investment page.",
      coolingOff:
        "As you are new to Seedfund, you have {{hours}} hours to reflect before your first investment. You can invest from {{until}}.",
      incentives:
        "UK equity offerings may not offer rewards or perks to investors. Remove all of them from this offering (there are {{incentives}}).",
    },
    quiz: {
      title: "Questions about the risks",
      intro:
        "Before you invest we check that you understand the risks. Answer each question: you need {{passMark}} correct answers out of {{total}}. If you do not pass, you can try again after {{hours}} hours.",
      passed: "You passed. You understand the main risks of this kind of investment.",
      failed:
        "You did not pass this time ({{correct}} of {{total}} correct). Read the risk summary and try again from {{retakeAt}}.",
      questions: {
        loseAll: {
          text: "If the business you invest in fails, what is most likely to happen to your money?",
          options: {
            a: "Seedfund or the business pays it back.",
            b: "I lose all of the money I invested.",
            c: "I get back at least what I invested, without any profit.",
          },
        },
        illiquid: {
          text: "When can you expect to sell your shares and get your money back?",
          options: {
            a: "Whenever I want, as with shares on a stock exchange.",
            b: "After 30 days, by asking Seedfund.",
            c: "Possibly never: usually only if the business is bought or lists on a stock exchange, which is rare and may take years.",
          },
        },
        dilution: {
          text: "The business later issues new shares to other investors. What can happen to your shares?",
          options: {
            a: "The percentage of the business I own goes down, and my investment may be worth less.",
            b: "Nothing: my percentage stays the same.",
            c: "I receive the same number of new shares free of charge.",
          },
        },
        protection: {
          text: "If the business fails, will the Financial Services Compensation Scheme (FSCS) pay you back?",
          options: {
            a: "Yes, up to £85,000.",
            b: "No: it does not cover poor investment performance, so I should not expect to be protected.",
            c: "Yes, Seedfund guarantees every investment.",
          },
        },
        diversification: {
          text: "What is a sensible way to hold high-risk investments like this one?",
          options: {
            a: "Put most of my savings into the one business I believe in most.",
            b: "Borrow money so that I can invest more.",
            c: "Spread my money across different investments, with no more than 10% of it in high-risk investments.",
          },
        },
        dividends: {
          text: "Should you expect a young business to pay you regular dividends?",
          options: {
            a: "No: start-ups rarely pay dividends, so any return usually comes only if the business is sold or lists.",
            b: "Yes, every year.",
            c: "Yes: Seedfund pays them if the business cannot.",
          },
        },
      },
    },
    riskWarning: {
      headline:
        "Don't invest unless you're prepared to lose all the money you invest. This is a high-risk investment and you should not expect to be protected if something goes wrong.",
      learnMore: "Take 2 mins to learn more",
      personalised:
        "{{name}}, this is a high-risk investment. How would you feel if you lost the money you're about to invest? Take 2 mins to learn more.",
    },
    riskSummary: {
      title: "Risk summary",
      readingTime: "Estimated reading time: 2 min",
      intro:
        "Due to the potential for losses, the Financial Conduct Authority (FCA) considers this investment to be high risk. What are the key risks?",
      loseAll: {
        heading: "1. You could lose all the money you invest",
        p1: "If the business you invest in fails, you are likely to lose 100% of the money you invested. Most start-up businesses fail.",
      },
      protection: {
        heading: "2. You are unlikely to be protected if something goes wrong",
        p1: "Protection from the Financial Services Compensation Scheme (FSCS), in relation to claims against failed regulated firms, does not cover poor investment performance.",
        p2: "Protection from the Financial Ombudsman Service (FOS) does not cover poor investment performance. If you have a complaint against an FCA-regulated firm, FOS may be able to consider it.",
      },
      illiquid: {
        heading: "3. You won't get your money back quickly",
        p1: "Even if the business you invest in is successful, it may take several years to get your money back. You are unlikely to be able to sell your investment early.",
        p2: "The most likely way to get your money back is if the business is bought by another business or lists its shares on an exchange such as the London Stock Exchange. These events are not common.",
        p3: "If you are investing in a start-up business, you should not expect to get your money back through dividends. Start-up businesses rarely pay these.",
      },
      diversify: {
        heading: "4. Don't put all your eggs in one basket",
        p1: "Putting all your money into a single business or type of investment, for example, is risky. Spreading your money across different investments makes you less dependent on any one to do well.",
        p2: "A good rule of thumb is not to invest more than 10% of your money in high-risk investments.",
      },
      dilution: {
        heading: "5. The value of your investment can be reduced",
        p1: "The percentage of the business that you own will decrease if the business issues more shares. This could mean that the value of your investment reduces, depending on how much the business grows. Most start-up businesses issue multiple rounds of shares.",
        p2: "These new shares could have additional rights that your shares don't have, such as the right to receive a fixed dividend, which could further reduce your chances of getting a return on your investment.",
      },
      outro:
        "If you are interested in learning more about how to protect yourself, visit the FCA's website. For further information about crowdfunding, visit the FCA's website.",
    },
  },
  cn: {
    investorTypes: {
      individual: "Individual",
      entity: "Organisation",
      institution: "Fund (private fund investor, pension or charity fund)",
    },
    institutions: {
      private_fund_investor: "a qualified investor of private funds",
      pension_fund: "a pension fund",
      charity_fund: "a charity fund",
    },
    qualified: {
      financialAssets:
        "You are a qualified investor: your financial assets of {{assets}} are at least {{threshold}}.",
      income:
        "You are a qualified investor: your average annual income over the last three years, {{income}}, is at least {{threshold}}.",
      entity:
        "Your organisation is a qualified investor: its net assets of {{netAssets}} are at least {{threshold}}.",
      institution: "You are a qualified investor as {{kind}}.",
      singleCommitment:
        "You qualify for this investment: a single commitment of {{amount}} is at least {{minimum}}.",
    },
    refused: {
      individual:
        "Only qualified investors may invest in this offering. You qualify with financial assets of at least {{assetsThreshold}} (you declared {{assets}}), an average annual income over the last three years of at least {{incomeThreshold}} (you declared {{income}}), or by committing at least {{minimum}} to this offering.",
      entity:
        "Only qualified investors may invest in this offering. An organisation qualifies with net assets of at least {{threshold}} (you declared {{netAssets}}), or by committing at least {{minimum}} to this offering.",
      full: "This offering already has {{max}} investors, the most the rules allow, so it cannot take new investors.",
    },
  },
};

const zhCN: Catalog<typeof en> = {
  regimes: {
    us_reg_cf: "美国——众筹条例（Regulation Crowdfunding）",
    uk: "英国——金融行为监管局（FCA）高风险投资规则",
    cn_private: "中国——私募股权众筹",
  },
  labels: {
    limit: "12 个月投资限额",
    remaining: "剩余额度",
    counted: "过去 12 个月已计入",
    noLimit: "无限额",
  },
  common: {
    noRuleInForce: "{{day}} 当日没有生效的此类投资规则，因此无法接受该日的投资。",
    amountPositive: "请输入大于零的金额。",
    overLimit: "{{amount}} 超过了您的剩余额度（{{remaining}}），请减少金额。",
    limitUsed: "截至 {{to}} 的 12 个月内，您的额度已全部用完。",
    counted:
      "自 {{from}} 至 {{to}} 的 12 个月内已计入：在种子众筹认购 {{platform}}，在其他平台申报 {{elsewhere}}。您的剩余额度为 {{remaining}}。",
  },
  us: {
    figures: { income: "年收入", netWorth: "净资产" },
    basis: {
      greater: "您的{{figure}} {{amount}} 是两项中较高的一项",
      lesser: "您的{{figure}} {{amount}} 是两项中较低的一项",
      equal: "您的年收入和净资产均为 {{amount}}",
    },
    limit: {
      under:
        "您 12 个月内的投资限额为 {{limit}}：{{basis}}；由于您的{{below}}低于 {{threshold}}，限额为 {{floor}} 与该数额的 {{percent}}% 两者中的较高者。",
      over: "您 12 个月内的投资限额为 {{limit}}：{{basis}}；由于您的年收入和净资产均不低于 {{threshold}}，限额为该数额的 {{percent}}%，但不超过 {{cap}}。",
      underLesser:
        "您 12 个月内的投资限额为 {{limit}}：根据 2021 年 3 月 15 日之前适用的规则，以年收入和净资产中较低的一项为准；{{basis}}，由于该数额低于 {{threshold}}，限额为 {{floor}} 与该数额的 {{percent}}% 两者中的较高者。",
      overLesser:
        "您 12 个月内的投资限额为 {{limit}}：根据 2021 年 3 月 15 日之前适用的规则，以年收入和净资产中较低的一项为准；{{basis}}，由于您的年收入和净资产均不低于 {{threshold}}，限额为该数额的 {{percent}}%，但不超过 {{cap}}。",
      capped:
        "非认可投资者（accredited investor）在 12 个月内对众筹条例发行的投资总额不得超过 {{cap}}，因此您的限额为 {{cap}}。",
      accredited: "您是认可投资者（accredited investor），根据众筹条例，您的投资不受限额限制。",
      accreditedLimited: "2021 年 3 月 15 日之前，认可投资者同样受该限额约束。",
    },
  },
  uk: {
    categories: {
      restricted: "受限投资者",
      certified_hnw: "经认证的高净值投资者",
      self_certified_sophisticated: "自我认证的成熟投资者",
    },
    limit: {
      restricted:
        "您 12 个月内的投资限额为 {{limit}}：作为受限投资者，您投入此类高风险投资的金额须低于您净资产 {{netAssets}} 的 {{percent}}%，即低于 {{under}}。",
      hnwIncome:
        "您是经认证的高净值投资者，年收入为 {{income}}（不低于 {{incomeThreshold}}），投资不受限额限制。",
      hnwNetAssets:
        "您是经认证的高净值投资者，净资产为 {{netAssets}}（不低于 {{netAssetsThreshold}}），投资不受限额限制。",
      sophisticated: "您是自我认证的成熟投资者（{{criterion}}），投资不受限额限制。",
    },
    criteria: {
      angelNetwork: "加入天使投资网络或投资团体至少 {{months}} 个月",
      unlistedInvestments: "过去两年内投资非上市公司至少 {{investments}} 次",
      privateEquity: "过去两年内从事私募股权或中小企业融资的专业工作",
      director: "过去两年内担任年营业额不低于 {{turnover}} 的公司的董事",
    },
    refused: {
      restrictedOver:
        "过去 12 个月内，您投入高风险投资的金额为 {{counted}}，并未低于您净资产 {{netAssets}} 的 {{percent}}%（须低于 {{under}}），因此您目前不能以受限投资者身份投资。",
      hnwBelow:
        "经认证的高净值投资者须年收入不低于 {{incomeThreshold}} 或净资产不低于 {{netAssetsThreshold}}；您申报的年收入为 {{income}}，净资产为 {{netAssets}}。",
      sophisticatedNone:
        "自我认证的成熟投资者须至少符合以下一项：加入天使投资网络至少 {{months}} 个月；过去两年内投资非上市公司至少 {{investments}} 次；过去两年内从事私募股权或中小企业融资的专业工作；担任年营业额不低于 {{turnover}} 的公司的董事。您的声明不符合其中任何一项。",
      statementExpired: "您作为{{category}}的声明作出于 {{signed}}，声明有效期为 12 个月，请重新作出声明。",
      appropriatenessNeeded: "投资之前，请先回答几个关于此类投资风险的问题。",
      appropriatenessFailed: "您未通过风险问题评估，可于 {{retakeAt}} 起重新作答。",
      coolingOffNotStarted:
        "由于您是种子众筹的新投资者，首次投资前有 {{hours}} 小时的冷静期，自您首次打开项目的投资页面时开始计算。",
      coolingOff:
        "由于您是种子众筹的新投资者，首次投资前有 {{hours}} 小时的冷静期。您可以在 {{until}} 起投资。",
      incentives:
        "英国股权众筹项目不得以回报或优惠吸引投资者，请删除本项目中的全部回报或优惠（共 {{incentives}} 项）。",
    },
    quiz: {
      title: "风险知识问答",
      intro:
        "投资之前，我们需要确认您了解相关风险。请回答每个问题：{{total}} 题中须答对 {{passMark}} 题。如未通过，可在 {{hours}} 小时后重新作答。",
      passed: "您已通过评估，了解此类投资的主要风险。",
      failed:
        "您这次未通过（{{total}} 题中答对 {{correct}} 题）。请阅读风险摘要，并于 {{retakeAt}} 起重新作答。",
      questions: {
        loseAll: {
          text: "如果您投资的企业经营失败，您的资金最可能会怎样？",
          options: {
            a: "种子众筹或该企业会退还。",
            b: "我会损失全部投资本金。",
            c: "我至少能拿回本金，只是没有收益。",
          },
        },
        illiquid: {
          text: "您预计什么时候可以卖出股份、拿回资金？",
          options: {
            a: "随时可以，就像证券交易所的股票一样。",
            b: "30 天后向种子众筹申请即可。",
            c: "可能永远无法卖出：通常只有在企业被收购或在证券交易所上市时才有机会，而这种情况很少见，可能需要很多年。",
          },
        },
        dilution: {
          text: "企业之后向其他投资者发行新股。您的股份可能会怎样？",
          options: {
            a: "我持有的企业股权比例会下降，我的投资价值也可能降低。",
            b: "不会有任何变化，我的持股比例保持不变。",
            c: "我会免费获得同样数量的新股。",
          },
        },
        protection: {
          text: "如果企业经营失败，英国金融服务补偿计划（FSCS）会赔偿您吗？",
          options: {
            a: "会，最高赔偿 85,000 英镑。",
            b: "不会：该计划不保障投资表现不佳造成的损失，我不应指望获得保障。",
            c: "会，种子众筹为每一笔投资提供担保。",
          },
        },
        diversification: {
          text: "持有此类高风险投资的合理方式是什么？",
          options: {
            a: "把大部分积蓄投入我最看好的一家企业。",
            b: "借钱来投资更多。",
            c: "将资金分散到不同的投资中，高风险投资不超过资金的 10%。",
          },
        },
        dividends: {
          text: "您是否应该期待初创企业定期向您派发股息？",
          options: {
            a: "不应该：初创企业很少派发股息，任何回报通常只有在企业被出售或上市时才会实现。",
            b: "应该，每年都会派发。",
            c: "应该，如果企业无法派发，种子众筹会代为支付。",
          },
        },
      },
    },
    riskWarning: {
      headline:
        "除非您做好损失全部投资资金的准备，否则请勿投资。这是一项高风险投资，如果出现问题，您不应指望获得保障。",
      learnMore: "花 2 分钟了解更多",
      personalised:
        "{{name}}，这是一项高风险投资。如果您即将投入的资金全部损失，您会有什么感受？花 2 分钟了解更多。",
    },
    riskSummary: {
      title: "风险摘要",
      readingTime: "预计阅读时间：2 分钟",
      intro: "由于可能造成损失，英国金融行为监管局（FCA）认为此项投资属于高风险投资。主要风险有哪些？",
      loseAll: {
        heading: "1. 您可能损失全部投资资金",
        p1: "如果您投资的企业经营失败，您很可能损失 100% 的投资资金。大多数初创企业都会失败。",
      },
      protection: {
        heading: "2. 如果出现问题，您不太可能获得保障",
        p1: "英国金融服务补偿计划（FSCS）针对受监管机构倒闭所提供的保障，不涵盖投资表现不佳造成的损失。",
        p2: "英国金融申诉专员服务机构（FOS）的保障不涵盖投资表现不佳造成的损失。如果您对受 FCA 监管的机构有投诉，FOS 或许可以受理。",
      },
      illiquid: {
        heading: "3. 您无法很快拿回资金",
        p1: "即使您投资的企业获得成功，也可能需要数年时间才能拿回资金。您不太可能提前出售您的投资。",
        p2: "拿回资金最可能的方式是企业被其他企业收购，或在伦敦证券交易所等交易所上市。这些情况并不常见。",
        p3: "如果您投资的是初创企业，不应指望通过股息拿回资金。初创企业很少派发股息。",
      },
      diversify: {
        heading: "4. 不要把所有鸡蛋放在一个篮子里",
        p1: "例如，把所有资金投入一家企业或一种投资是有风险的。将资金分散到不同的投资中，可以降低您对任何单一投资表现的依赖。",
        p2: "一个实用的经验法则是：投入高风险投资的资金不要超过您资金的 10%。",
      },
      dilution: {
        heading: "5. 您的投资价值可能被摊薄",
        p1: "如果企业发行更多股份，您持有的企业股权比例将会下降。视企业的增长情况而定，这可能意味着您的投资价值下降。大多数初创企业会进行多轮股份发行。",
        p2: "这些新股份可能附带您的股份所没有的额外权利，例如获得固定股息的权利，这可能进一步降低您获得投资回报的机会。",
      },
      outro: "如需进一步了解如何保护自己，请访问 FCA 网站。如需了解更多关于众筹的信息，请访问 FCA 网站。",
    },
  },
  cn: {
    investorTypes: {
      individual: "个人",
      entity: "机构",
      institution: "基金（私募基金合格投资者、养老基金或慈善基金）",
    },
    institutions: {
      private_fund_investor: "私募基金合格投资者",
      pension_fund: "养老基金",
      charity_fund: "慈善基金",
    },
    qualified: {
      financialAssets: "您是合格投资者：您的金融资产 {{assets}} 不低于 {{threshold}}。",
      income: "您是合格投资者：您最近三年的年均收入 {{income}} 不低于 {{threshold}}。",
      entity: "贵机构是合格投资者：净资产 {{netAssets}} 不低于 {{threshold}}。",
      institution: "您作为{{kind}}，属于合格投资者。",
      singleCommitment: "您符合本次投资的条件：单笔认购金额 {{amount}} 不低于 {{minimum}}。",
    },
    refused: {
      individual:
        "只有合格投资者才能投资本项目。符合以下任一条件即可：金融资产不低于 {{assetsThreshold}}（您申报的为 {{assets}}）；最近三年年均收入不低于 {{incomeThreshold}}（您申报的为 {{income}}）；或对本项目认购不低于 {{minimum}}。",
      entity:
        "只有合格投资者才能投资本项目。机构须净资产不低于 {{threshold}}（您申报的为 {{netAssets}}），或对本项目认购不低于 {{minimum}}。",
      full: "本项目的投资者人数已达到规定上限 {{max}} 人，无法再接受新的投资者。",
    },
  },
};

export const investCatalog = { en, zhCN };
