import type { Catalog } from "./index.ts";

// Help centre: FAQ pages and the investor education page (views/help/*). Answers are plain text;
// a blank line ("\n\n") starts a new paragraph. Each topic's questions are listed in the order of
// its `faq` object (server/web/support.ts reads the keys from the English catalog).
const en = {
  nav: {
    label: "Help centre",
    breadcrumb: "Help centre",
  },
  index: {
    title: "Help centre",
    intro:
      "Answers to the questions backers, investors and creators ask most, and what you should know about the risks before you put money into a project.",
    topicsTitle: "Browse by topic",
    risksTitle: "Before you invest",
    risksText:
      "Crowdfunding and startup investing can lose you money. Read what can go wrong — and how to protect yourself — before you back or invest.",
    risksLink: "Read about the risks",
    contactTitle: "Still need help?",
    contactText:
      "Our support team answers every ticket, usually within a day. Tell us what happened and attach screenshots or documents if they help.",
    openTicket: "Contact support",
    myTickets: "My support tickets",
    signInToContact: "Sign in to contact support",
  },
  page: {
    questions: "Questions on this page",
    related: "Other topics",
    helpful: "Didn't find your answer?",
    contact: "Contact support",
    back: "All help topics",
  },
  topics: {
    backing: {
      title: "Backing a project",
      summary: "How backing works, what a reward is, and what you can expect from a creator.",
      intro:
        "Backing means supporting a creator's project in exchange for a reward, or simply because you believe in it. It is not shopping in a store: you help bring something new into the world, with the uncertainty that comes with it.",
      faq: {
        what: {
          q: "What does it mean to back a project?",
          a: "You pledge an amount to a project, usually choosing a reward tier. The creator uses the money raised to make what they described on the project page, and sends backers their rewards when it is ready.\n\nYou can also pledge without a reward, just to support the project.",
        },
        reward: {
          q: "What can a reward be?",
          a: "Rewards are goods, services or media — a copy of the product, a ticket, a book, your name in the credits. On Seedfund a reward can never be money, interest, a share of profits or shares in a company: that would be an investment, which only equity offerings may offer, under investor-protection rules.",
        },
        account: {
          q: "Do I need an account?",
          a: "Yes. You need a free account to pledge, so that we can send you receipts and updates, and so that you can change or cancel your pledge while the campaign is open.",
        },
        delivery: {
          q: "When will I get my reward?",
          a: "Each reward tier shows an estimated delivery month. It is the creator's estimate, not a promise: projects are often delayed by manufacturing, shipping or simply by the difficulty of making something new. Creators are expected to post updates and explain any delay.",
        },
        creatorFails: {
          q: "What if the creator cannot deliver?",
          a: "Creators must do their best to complete the project and to communicate honestly. If a project runs into trouble, the creator should explain what happened, how the money was spent, and what they will do for backers — for example a partial refund.\n\nSeedfund does not guarantee projects and cannot refund money a creator has already received. If you believe a creator is acting dishonestly, report the project or open a support ticket.",
        },
      },
    },
    pledges: {
      title: "Pledges and charges",
      summary:
        "When your card is charged, how to change or cancel a pledge, and what happens if a payment fails.",
      intro:
        "When you pledge, we save your card with our payment provider but do not charge it. Your card is charged only if the project reaches its goal by its deadline.",
      faq: {
        whenCharged: {
          q: "When is my card charged?",
          a: "At the campaign's deadline, and only if the project reached its goal. If it did not, nothing is charged and your saved card is simply not used. You can see the deadline on the project page and on your pledge.",
        },
        change: {
          q: "Can I change or cancel my pledge?",
          a: "Yes, as long as the campaign is open. Go to My pledges, open the pledge and choose another reward or amount, or cancel it. Once the deadline has passed, a pledge can no longer be changed or cancelled.",
        },
        receipt: {
          q: "Will I get a receipt?",
          a: "Yes. We email you when you pledge, when you change or cancel a pledge, and when your card is charged. Your pledge page shows its whole history.",
        },
        failed: {
          q: "What if my payment fails at the deadline?",
          a: "We email you straight away. You then have 7 days to fix the payment — for example by adding another card — and we try again. If the payment still fails after that window, your pledge is dropped and you will not receive the reward.",
        },
        shipping: {
          q: "Why is the total higher than the reward's price?",
          a: "Rewards that ship add a delivery fee for your region, set by the creator. The pledge form and the review step show the amount, the shipping and the total before you confirm.",
        },
        cardSafety: {
          q: "Does Seedfund keep my card number?",
          a: "No. Your card details go to our payment provider, which gives us a token. We only keep the card's brand, its last four digits and its expiry date, so you can recognise it.",
        },
      },
    },
    allOrNothing: {
      title: "All-or-nothing funding",
      summary: "Why nobody is charged unless a project reaches its goal, and what happens at the deadline.",
      intro:
        "Every campaign on Seedfund is all-or-nothing: a creator sets a goal and a deadline, and the money moves only if the goal is met in time.",
      faq: {
        why: {
          q: "Why all-or-nothing?",
          a: "A creator who needs ¥100,000 to make something cannot make it with ¥30,000. All-or-nothing protects backers from funding a project that cannot be completed, and lets creators test whether there is enough interest before committing.",
        },
        reached: {
          q: "What happens when a project reaches its goal?",
          a: "At the deadline, every backer's saved card is charged the amount of their pledge. Backers whose payment fails have 7 days to fix it. The creator then receives the money collected, less fees.",
        },
        missed: {
          q: "What happens when a project misses its goal?",
          a: "Nobody is charged, and the pledges are released. The creator receives nothing. The project page stays online and shows that the campaign did not reach its goal.",
        },
        overfunded: {
          q: "Can a project raise more than its goal?",
          a: "Yes. Pledges are accepted until the deadline, even after the goal is reached. A reward project collects everything pledged; an equity offering never takes more than its maximum raise.",
        },
        noPool: {
          q: "Where is the money held in the meantime?",
          a: "Nowhere: no money moves before the deadline. Your card is only saved. When a campaign succeeds, the charges go through our payment provider into a fund held for that campaign, separate from Seedfund's own money, and every movement is recorded in a double-entry ledger.",
        },
      },
    },
    creating: {
      title: "Creating a project",
      summary: "What you need to start a campaign, and how to write a page backers trust.",
      intro:
        "Anyone with an account can draft a project. Before it goes public, our team reviews it, so take the time to make your page complete and honest.",
      faq: {
        start: {
          q: "How do I start?",
          a: "Choose “Start a project”, pick reward or equity crowdfunding, and fill in the basics: title, category, goal, currency and campaign length (1 to 60 days). You can save a draft and come back to it at any time.",
        },
        needed: {
          q: "What do I need before I can submit it?",
          a: "A story that explains what you will make and how, a cover image, the risks and challenges stated plainly, your identity and a payout account, and either reward tiers (with your attestation that rewards are goods, services or media) or equity terms with financial statements and a disclosure document.",
        },
        goal: {
          q: "How should I set my goal?",
          a: "Set the least you need to deliver what you promise, including manufacturing, shipping, fees and a reserve for surprises. If you do not reach the goal, you receive nothing — so a goal that is too high is as risky as one that is too low.",
        },
        rewards: {
          q: "What makes a good reward?",
          a: "Something you are sure you can make and ship, with a realistic delivery month and shipping fees that cover the real cost. Limit the quantity of rewards you can only make in small numbers.",
        },
        updates: {
          q: "What do I owe my backers after the campaign?",
          a: "Regular, honest updates until every reward is delivered, answers to their questions, and an explanation if something goes wrong. Backers who hear nothing lose trust quickly.",
        },
      },
    },
    review: {
      title: "Project review",
      summary: "Why every project is reviewed, what reviewers check, and how long it takes.",
      intro:
        "Only projects that pass review are shown to the public. Review protects backers and investors, and helps creators present their project clearly.",
      faq: {
        checks: {
          q: "What do reviewers check?",
          a: "That the identity and payout account are given, the risks are stated, the story, cover and rewards or terms are complete, rewards are lawful (goods, services or media — never money or equity), and, for equity offerings, that the financial statements and disclosure document are present.",
        },
        time: {
          q: "How long does review take?",
          a: "Most projects are reviewed within a few working days. The review queue is worked oldest submission first.",
        },
        outcomes: {
          q: "What are the possible outcomes?",
          a: "Approved: you can launch the campaign from your dashboard. Changes requested: the reviewer explains what to fix, and you can resubmit. Rejected: the project cannot go ahead, and the reviewer gives the reason. We email you the decision.",
        },
        afterLaunch: {
          q: "Can a project be taken down after launch?",
          a: "Yes. If a project is reported and we find fraud, prohibited content or an infringement, an administrator can suspend it. A suspended project is hidden from search, takes no new pledges, and no money moves until the matter is resolved.",
        },
      },
    },
    equity: {
      title: "Equity investing",
      summary: "Investing in a company for shares: who can invest, how much, and how commitments work.",
      intro:
        "In an equity offering you invest in a company in exchange for securities — shares, a convertible note or a SAFE. This is an investment, not a purchase, and it comes with real risk of loss.",
      faq: {
        who: {
          q: "Who can invest?",
          a: "You must verify your identity first. What you may invest depends on the rules of the offering's country. In the United States (Regulation Crowdfunding) non-accredited investors have a 12-month limit based on income and net worth. In the United Kingdom you are asked which kind of investor you are and must pass an appropriateness test. Private offerings under Chinese rules are shown only to verified users and take at most 200 investors.",
        },
        limits: {
          q: "How is my investment limit worked out?",
          a: "For US offerings: if your annual income or your net worth is below $124,000, you may invest the greater of $2,500 or 5% of the greater of the two over 12 months; if both are at least $124,000, 10% of the greater, up to $124,000. Investments on other platforms count too. We show your limit before you commit.",
        },
        commitment: {
          q: "When is my money taken?",
          a: "A commitment, like a pledge, only saves your card. If the offering reaches its target by the deadline, your card is charged and the securities are allocated to you; if not, every commitment is cancelled and no money moves.",
        },
        cancel: {
          q: "Can I cancel a commitment?",
          a: "For US offerings you may cancel for any reason until 48 hours before the deadline. If the offering changes materially, you must reconfirm your commitment within 5 business days or it is cancelled. UK investors new to the platform have a 24-hour cooling-off period.",
        },
        documents: {
          q: "What should I read before investing?",
          a: "The offering's terms on the project page, the financial statements and the disclosure document, and our page on the risks of investing. If you do not understand the business or the terms, do not invest.",
        },
      },
    },
    fees: {
      title: "Fees",
      summary: "What Seedfund charges, who pays it, and when.",
      intro:
        "Backing and browsing are free. Creators pay fees only when a campaign succeeds, out of the money collected.",
      faq: {
        backers: {
          q: "Do backers pay fees?",
          a: "No. You pay the amount of your pledge, plus shipping if your reward ships. Your bank may charge its own fee for payments in a foreign currency.",
        },
        platform: {
          q: "What does a creator pay?",
          a: "When a campaign succeeds: a platform fee (5% of the money collected by default) and the payment processor's fee on each charge (for example 2.9% + $0.30 for US dollars, 0.6% for renminbi). The exact schedule in force is shown to the creator before launch and in the settlement report.",
        },
        failed: {
          q: "Are there fees if a campaign fails?",
          a: "No. If a campaign does not reach its goal, nobody is charged, and neither the creator nor the backers pay anything.",
        },
        payout: {
          q: "When does the creator receive the money?",
          a: "After the deadline, once the charges have gone through and the 7-day window for failed payments has closed. The creator receives what was collected, less fees, in the payout account they gave.",
        },
      },
    },
    safety: {
      title: "Trust and safety",
      summary: "How we keep the platform safe, how to spot a suspicious project, and how to report one.",
      intro:
        "Most creators are honest people working hard on something they care about. A few are not. Here is how we protect you, and how you can protect yourself.",
      faq: {
        protect: {
          q: "How does Seedfund protect backers?",
          a: "Every project is reviewed before it goes public, creators verify their identity, nobody is charged unless a goal is met, and money never pools in a Seedfund account. Our team monitors unusual pledging patterns and reviews every report.",
        },
        signs: {
          q: "What are warning signs of a problem project?",
          a: "A creator with no history or team you can check, a product that seems too good to be true, photos copied from elsewhere, no clear plan or budget, risks glossed over, pressure to pledge quickly, or a request to pay outside Seedfund.",
        },
        report: {
          q: "How do I report a project?",
          a: "Use “Report this project” on the project page and choose a reason — fraud, prohibited content, intellectual property or other — with details. Reports are confidential: the creator is not told who reported them. Our team reviews every report and may suspend the project.",
        },
        outside: {
          q: "A creator asked me to pay them directly. Should I?",
          a: "No. Never send money outside Seedfund: you lose every protection the platform gives you. Report the request to us.",
        },
        account: {
          q: "How do I keep my account safe?",
          a: "Use a long, unique password, never share it, and be wary of emails asking you to sign in through a link. Seedfund will never ask for your password or your full card number by email.",
        },
      },
    },
    risks: {
      title: "Risks of crowdfunding and investing",
      summary: "What can go wrong when you back a project or invest in a young company.",
      intro:
        "Before you back a project or invest in a company, understand what can go wrong. Only put in money you can afford to lose entirely, and spread it across several projects rather than one.",
      warning:
        "Investing in young companies is very risky. You could lose all the money you invest, you are unlikely to be able to sell your shares, and you should not expect to get a return.",
      faq: {
        loseEverything: {
          q: "You can lose everything",
          a: "Most startups fail. If the company you invest in fails, your shares are likely to be worth nothing and you will not get your money back. A reward project can also fail after it is funded: the creator may run out of money before they deliver, and your pledge will not be returned.",
        },
        illiquid: {
          q: "You probably cannot sell",
          a: "Shares in a private company are not traded on a stock exchange. There may be no one to sell them to for many years, if ever — often only if the company is sold or lists its shares. US Regulation Crowdfunding securities cannot be resold for a year at all. Invest only money you will not need.",
        },
        dilution: {
          q: "Your share can shrink (dilution)",
          a: "When a company raises more money later, it usually issues new shares. Your percentage of the company then falls, and later investors may get better terms, such as being paid first if the company is sold.",
        },
        delays: {
          q: "Rewards are often late",
          a: "Making something new is hard. Many funded projects deliver months late, and some deliver something different from what was promised. The delivery date on a reward is an estimate, not a guarantee.",
        },
        returns: {
          q: "There are no guaranteed returns",
          a: "Startups rarely pay dividends, and nobody — not the creator, not Seedfund — can promise you a return. Anyone who guarantees you a profit is a warning sign. On reward projects, rewards are never money or shares.",
        },
        fraud: {
          q: "Fraud happens",
          a: "Review reduces the risk but cannot remove it. A creator may mislead backers about who they are or what they can do. Check the creator, read the documents, watch for the warning signs in our safety guide, and report anything suspicious.",
        },
        diversify: {
          q: "How to protect yourself",
          a: "Invest only what you can afford to lose, spread it across several projects, read the risks and the documents of each project, ask the creator questions before you commit, and keep the emails and receipts we send you as your record.",
        },
      },
    },
  },
};

const zhCN: Catalog<typeof en> = {
  nav: {
    label: "帮助中心",
    breadcrumb: "帮助中心",
  },
  index: {
    title: "帮助中心",
    intro: "支持者、投资者和发起人最常问的问题的解答，以及在把钱投入项目之前您应当了解的风险。",
    topicsTitle: "按主题浏览",
    risksTitle: "投资之前",
    risksText: "众筹和初创企业投资都可能让您亏损。在支持或投资之前，请先了解可能出现的问题以及如何保护自己。",
    risksLink: "了解风险",
    contactTitle: "仍需要帮助？",
    contactText:
      "客服团队会回复每一张工单，通常在一天之内。请告诉我们发生了什么；如有帮助，可附上截图或文件。",
    openTicket: "联系客服",
    myTickets: "我的客服工单",
    signInToContact: "登录后联系客服",
  },
  page: {
    questions: "本页问题",
    related: "其他主题",
    helpful: "没有找到答案？",
    contact: "联系客服",
    back: "全部帮助主题",
  },
  topics: {
    backing: {
      title: "支持项目",
      summary: "支持是如何运作的，什么是回报，以及您可以对发起人有哪些期待。",
      intro:
        "支持项目是指您以获得回报为交换，或仅仅因为认同而资助发起人的项目。这不是在商店购物：您是在帮助一样新东西诞生，也要承担随之而来的不确定性。",
      faq: {
        what: {
          q: "支持一个项目是什么意思？",
          a: "您向项目认筹一笔金额，通常会选择一个回报档位。发起人用筹得的资金去完成项目页上描述的东西，完成后把回报寄给支持者。\n\n您也可以不选回报，只是支持这个项目。",
        },
        reward: {
          q: "回报可以是什么？",
          a: "回报是实物、服务或媒体内容，例如一件产品、一张门票、一本书、片尾鸣谢中的名字。在种子众筹，回报绝不能是资金、利息、利润分成或公司股权：那属于投资，只有股权众筹项目才能在投资者保护规则下提供。",
        },
        account: {
          q: "需要注册账户吗？",
          a: "需要。认筹需要一个免费账户，这样我们才能向您发送收据和项目进展，您也可以在众筹期间修改或取消认筹。",
        },
        delivery: {
          q: "我什么时候能收到回报？",
          a: "每个回报档位都标有预计交付月份。这是发起人的估计，而不是承诺：项目常常因为生产、物流或者做新东西本身的困难而延期。发起人应当发布进展并解释任何延误。",
        },
        creatorFails: {
          q: "如果发起人无法交付怎么办？",
          a: "发起人必须尽力完成项目并如实沟通。如果项目遇到困难，发起人应说明发生了什么、资金如何使用，以及将为支持者做些什么，例如部分退款。\n\n种子众筹不为项目提供担保，也无法退还发起人已经收到的款项。如果您认为发起人存在欺诈行为，请举报该项目或提交客服工单。",
        },
      },
    },
    pledges: {
      title: "认筹与扣款",
      summary: "何时扣款，如何修改或取消认筹，以及付款失败时会怎样。",
      intro:
        "认筹时，我们会在支付服务商处保存您的银行卡，但不会扣款。只有项目在截止时间前达到目标，才会从您的卡中扣款。",
      faq: {
        whenCharged: {
          q: "什么时候扣款？",
          a: "在众筹截止时，并且只有项目达到目标才会扣款。如果没有达到，不会扣任何款项，您保存的银行卡也不会被使用。截止时间显示在项目页和您的认筹详情中。",
        },
        change: {
          q: "可以修改或取消认筹吗？",
          a: "可以，只要众筹仍在进行。进入“我的认筹”，打开该认筹，选择其他回报或金额，或者取消。截止时间过后，认筹就不能再修改或取消了。",
        },
        receipt: {
          q: "会有收据吗？",
          a: "会。您认筹、修改或取消认筹以及被扣款时，我们都会发邮件给您。认筹详情页会显示它的完整记录。",
        },
        failed: {
          q: "截止时付款失败怎么办？",
          a: "我们会立即发邮件通知您。之后您有 7 天时间解决付款问题（例如添加另一张银行卡），我们会再次尝试扣款。如果超过这个期限仍然失败，您的认筹将被取消，也不会收到回报。",
        },
        shipping: {
          q: "为什么总额比回报价格高？",
          a: "需要寄送的回报会加上您所在地区的运费，由发起人设定。认筹表单和确认页会在您确认之前显示金额、运费和总额。",
        },
        cardSafety: {
          q: "种子众筹会保存我的卡号吗？",
          a: "不会。您的卡信息直接交给支付服务商，服务商返回给我们一个令牌。我们只保存卡的品牌、末四位和有效期，方便您识别。",
        },
      },
    },
    allOrNothing: {
      title: "“全有或全无”模式",
      summary: "为什么项目不达目标就不扣款，以及截止时会发生什么。",
      intro:
        "种子众筹上的每个众筹都是“全有或全无”：发起人设定目标和截止时间，只有按时达到目标，资金才会流动。",
      faq: {
        why: {
          q: "为什么采用“全有或全无”？",
          a: "需要 10 万元才能完成的项目，用 3 万元是做不成的。“全有或全无”保护支持者不去资助一个无法完成的项目，也让发起人在投入之前先检验是否有足够的需求。",
        },
        reached: {
          q: "项目达到目标后会怎样？",
          a: "截止时，每位支持者保存的银行卡会被扣除其认筹金额。付款失败的支持者有 7 天时间解决问题。之后发起人会收到已收取的款项，扣除费用。",
        },
        missed: {
          q: "项目没有达到目标会怎样？",
          a: "不会向任何人扣款，所有认筹都会被释放，发起人也收不到任何款项。项目页仍会保留，并显示众筹未达到目标。",
        },
        overfunded: {
          q: "项目可以筹到超过目标的金额吗？",
          a: "可以。达到目标后，截止前仍会接受认筹。回报项目会收取全部认筹金额；股权项目筹资不会超过其最高募集额。",
        },
        noPool: {
          q: "在此期间资金存放在哪里？",
          a: "哪里都没有：截止之前没有任何资金流动，您的银行卡只是被保存。众筹成功后，扣款经由支付服务商进入为该项目单独设立的资金账户，与种子众筹自有资金隔离，每一笔流动都记录在复式记账的账本中。",
        },
      },
    },
    creating: {
      title: "发起项目",
      summary: "发起众筹需要准备什么，以及如何撰写让支持者信任的项目页。",
      intro:
        "任何拥有账户的人都可以起草项目。项目公开之前需要经过我们团队的审核，所以请花时间把项目页写得完整、真实。",
      faq: {
        start: {
          q: "如何开始？",
          a: "点击“发起项目”，选择回报众筹或股权众筹，填写基本信息：标题、类别、目标金额、币种和众筹时长（1 到 60 天）。您可以保存草稿，随时回来继续编辑。",
        },
        needed: {
          q: "提交审核之前需要准备什么？",
          a: "说明您要做什么、怎么做的项目介绍，一张封面图片，清楚写明的风险与挑战，您的身份信息和收款账户，以及回报档位（并声明回报为实物、服务或媒体内容）或股权条款连同财务报表和信息披露文件。",
        },
        goal: {
          q: "目标金额应该怎么定？",
          a: "设定为兑现承诺所需的最低金额，包括生产、运费、费用以及应对意外的预留。如果没有达到目标，您将一分钱也收不到——目标定得太高和太低一样有风险。",
        },
        rewards: {
          q: "什么样的回报比较好？",
          a: "您确定能够做出来并寄出的东西，交付月份要现实，运费要覆盖实际成本。只能少量生产的回报请限制数量。",
        },
        updates: {
          q: "众筹结束后我对支持者有什么责任？",
          a: "在所有回报交付之前定期、如实地发布进展，回答他们的问题，出了问题要作出解释。得不到任何消息的支持者会很快失去信任。",
        },
      },
    },
    review: {
      title: "项目审核",
      summary: "为什么每个项目都要审核，审核检查什么，需要多长时间。",
      intro: "只有通过审核的项目才会向公众展示。审核保护支持者和投资者，也帮助发起人把项目介绍清楚。",
      faq: {
        checks: {
          q: "审核人员检查什么？",
          a: "身份信息和收款账户是否已提供，风险是否写明，项目介绍、封面以及回报或条款是否完整，回报是否合法（实物、服务或媒体内容，绝不能是资金或股权），股权项目是否附有财务报表和信息披露文件。",
        },
        time: {
          q: "审核需要多长时间？",
          a: "大多数项目在几个工作日内完成审核。审核队列按提交时间先后处理。",
        },
        outcomes: {
          q: "审核可能有哪些结果？",
          a: "通过：您可以在控制台发布众筹。需要修改：审核人员会说明需要修改的地方，修改后可以重新提交。拒绝：项目不能继续，审核人员会说明原因。我们会通过邮件告知您审核结果。",
        },
        afterLaunch: {
          q: "项目上线后还会被下架吗？",
          a: "会。如果项目被举报，且我们发现存在欺诈、违禁内容或侵权，管理员可以暂停该项目。被暂停的项目不会出现在搜索结果中，也不再接受新的认筹，在问题解决之前不会有任何资金流动。",
        },
      },
    },
    equity: {
      title: "股权投资",
      summary: "以投资换取公司股权：谁可以投资、可以投多少，以及认购是如何运作的。",
      intro:
        "在股权众筹中，您投资一家公司以换取证券——股份、可转换票据或未来股权简单协议（SAFE）。这是投资而不是购买，存在真实的亏损风险。",
      faq: {
        who: {
          q: "谁可以投资？",
          a: "您必须先完成身份验证。您可以投资多少取决于项目所在国家的规则。在美国（众筹豁免条例 Regulation Crowdfunding），非认可投资者在 12 个月内有基于收入和净资产的投资限额。在英国，您需要说明自己属于哪类投资者，并通过适当性测试。依据中国规则的私募项目只向已实名认证的用户展示，且投资者不超过 200 人。",
        },
        limits: {
          q: "我的投资限额是怎么计算的？",
          a: "对于美国项目：如果您的年收入或净资产低于 124,000 美元，12 个月内可投资 2,500 美元与两者中较高者的 5% 之间的较大值；如果两者都不低于 124,000 美元，可投资较高者的 10%，上限 124,000 美元。在其他平台的投资也计算在内。我们会在您认购前显示您的限额。",
        },
        commitment: {
          q: "什么时候扣款？",
          a: "认购和认筹一样，只是保存您的银行卡。如果项目在截止前达到目标，您的卡会被扣款，并向您分配证券；如果没有达到，所有认购都会被取消，不会有任何资金流动。",
        },
        cancel: {
          q: "可以取消认购吗？",
          a: "对于美国项目，您可以在截止前 48 小时之前以任何理由取消。如果项目发生重大变更，您必须在 5 个工作日内重新确认认购，否则认购将被取消。首次在本平台投资的英国投资者有 24 小时的冷静期。",
        },
        documents: {
          q: "投资前应该阅读什么？",
          a: "项目页上的发行条款、财务报表和信息披露文件，以及我们关于投资风险的说明。如果您不了解这门生意或这些条款，请不要投资。",
        },
      },
    },
    fees: {
      title: "费用",
      summary: "种子众筹收取哪些费用、由谁支付、何时支付。",
      intro: "浏览和支持项目都是免费的。只有众筹成功时，发起人才从筹得的资金中支付费用。",
      faq: {
        backers: {
          q: "支持者需要付费吗？",
          a: "不需要。您只需支付认筹金额，如果回报需要寄送再加上运费。以外币付款时，您的银行可能会收取其自身的费用。",
        },
        platform: {
          q: "发起人需要支付什么？",
          a: "众筹成功时：平台服务费（默认为已收取款项的 5%）以及支付服务商对每笔扣款收取的手续费（例如美元为 2.9% + 0.30 美元，人民币为 0.6%）。实际执行的费率会在发布前以及结算报告中向发起人展示。",
        },
        failed: {
          q: "众筹失败也要付费吗？",
          a: "不需要。如果众筹没有达到目标，不会向任何人扣款，发起人和支持者都无需支付任何费用。",
        },
        payout: {
          q: "发起人什么时候收到款项？",
          a: "截止之后，在扣款完成、付款失败的 7 天补救期结束后。发起人会在其提供的收款账户中收到已收取的款项，扣除费用。",
        },
      },
    },
    safety: {
      title: "信任与安全",
      summary: "我们如何保障平台安全，如何识别可疑项目，以及如何举报。",
      intro:
        "大多数发起人都是诚实的人，在为自己热爱的事情努力。但也有少数并非如此。以下是我们如何保护您，以及您如何保护自己。",
      faq: {
        protect: {
          q: "种子众筹如何保护支持者？",
          a: "每个项目在公开前都经过审核，发起人需要验证身份，未达目标不扣款，资金也绝不会汇集在种子众筹的账户中（不设资金池）。我们的团队会监测异常的认筹行为，并审查每一份举报。",
        },
        signs: {
          q: "问题项目有哪些警示信号？",
          a: "发起人没有可以核实的经历或团队，产品好得令人难以置信，图片是从别处复制的，没有清晰的计划或预算，对风险轻描淡写，催促您尽快认筹，或者要求您在种子众筹之外付款。",
        },
        report: {
          q: "如何举报项目？",
          a: "在项目页点击“举报此项目”，选择原因——欺诈、违禁内容、知识产权或其他——并填写详情。举报是保密的：发起人不会知道是谁举报的。我们的团队会审查每一份举报，并可能暂停该项目。",
        },
        outside: {
          q: "发起人要求我直接付款给他，可以吗？",
          a: "不可以。切勿在种子众筹之外转账：那样您将失去平台提供的所有保护。请把这一要求举报给我们。",
        },
        account: {
          q: "如何保护我的账户安全？",
          a: "使用足够长且独一无二的密码，不要与他人分享，警惕要求您通过链接登录的邮件。种子众筹绝不会通过邮件索取您的密码或完整卡号。",
        },
      },
    },
    risks: {
      title: "众筹与投资的风险",
      summary: "支持项目或投资初创公司时可能出现的问题。",
      intro:
        "在支持项目或投资公司之前，请了解可能出现的问题。只投入您完全亏得起的钱，并把资金分散到多个项目，而不是集中在一个项目上。",
      warning: "投资初创公司风险很高。您可能损失全部投资，很可能无法出售所持股份，也不应期待获得回报。",
      faq: {
        loseEverything: {
          q: "您可能损失全部资金",
          a: "大多数初创公司会失败。如果您投资的公司失败，您的股份很可能一文不值，投资也无法收回。回报项目在筹款成功后也可能失败：发起人可能在交付之前就耗尽资金，您的认筹款不会被退还。",
        },
        illiquid: {
          q: "您很可能无法转让",
          a: "非上市公司的股份不在证券交易所交易。可能多年都找不到买家，甚至永远找不到——通常只有在公司被收购或上市时才能退出。美国众筹豁免条例下的证券在一年内完全不得转售。请只投资您不会急用的钱。",
        },
        dilution: {
          q: "您的持股比例可能被稀释",
          a: "公司日后再融资时，通常会发行新股。您在公司中的持股比例随之下降，而后来的投资者可能获得更优厚的条件，例如公司出售时优先获得偿付。",
        },
        delays: {
          q: "回报经常延期",
          a: "做出一样新东西并不容易。许多成功筹款的项目会延期数月交付，有些交付的东西与承诺的不同。回报上的交付日期是估计，而不是保证。",
        },
        returns: {
          q: "没有保证的回报",
          a: "初创公司很少分红，任何人——无论是发起人还是种子众筹——都无法向您承诺回报。任何保证您获利的人都是一个警示信号。在回报项目中，回报绝不会是资金或股权。",
        },
        fraud: {
          q: "欺诈确实存在",
          a: "审核可以降低风险，但无法消除风险。发起人可能在身份或能力上误导支持者。请核实发起人、阅读相关文件、留意我们安全指南中的警示信号，并举报任何可疑情况。",
        },
        diversify: {
          q: "如何保护自己",
          a: "只投入您亏得起的钱，把资金分散到多个项目，阅读每个项目的风险说明和文件，在认筹前向发起人提问，并保存我们发给您的邮件和收据作为凭证。",
        },
      },
    },
  },
};

export const helpCatalog = { en, zhCN };
