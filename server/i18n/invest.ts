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
      submit: "Send my answers",
      passedOn: "(passed on {{date}})",
      wait: "You can answer the questions again from {{retakeAt}}. In the meantime, read the risk summary.",
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
  nav: { investments: "My investments" },
  form: {
    choose: "Choose…",
    backToOffering: "Back",
  },
  account: {
    title: "Investor account",
    intro:
      "Before you invest in a company, we verify who you are and record what the law of the offering's country asks you to declare. Here you see where you stand, and how much you may still invest.",
    myInvestments: "My investments",
    identityTitle: "Identity verification",
    completeProfile: "Verify your identity",
    viewProfile: "Your identity details",
    notDeclared: {
      us: "To invest in US offerings (Regulation Crowdfunding), declare your annual income, net worth and Regulation Crowdfunding investments on other platforms. Your limit over 12 months follows from them.",
      uk: "To invest in UK offerings, choose the investor category that applies to you and make its statement, then answer a few questions about the risks.",
      cn: "To invest in Chinese non-public offerings, declare your financial assets and average income over the last three years (or your organisation's net assets). Only qualified investors may invest.",
    },
    declare: "Make your declaration",
    declaredOn: "Declared on",
    state: "Status",
    mayInvest: "You may invest",
    mayNotInvest: "You cannot invest now",
    explanation: "Explanation",
    updateDeclaration: "Update your declaration",
    quizPassed: "Questions about the risks: passed",
    takeQuiz: "Answer the questions about the risks",
  },
  identity: {
    title: "Identity verification",
    intro:
      "Equity offerings are open only to investors whose identity we have verified. Give your details as they appear on your identity document and upload a photo or scan of it. A member of our team checks them, usually within two working days.",
    status: {
      none: "Not verified",
      pending: "Being checked",
      verified: "Verified",
      rejected: "Not accepted",
    },
    statusText: {
      none: "You have not sent your identity details yet.",
      pending: "We received your details and are checking them. We will email you when we have decided.",
      verified: "Your identity is verified: you can invest.",
      rejected: "We could not verify your identity with the details you sent.",
    },
    rejectionReason: "Why:",
    correctAndResubmit: "Correct your details below and send them again.",
    changeResubmits:
      "If you change your details, we check them again, and you cannot invest until we have verified them.",
    legalName: "Full legal name",
    legalNameHint: "Exactly as on your identity document.",
    dateOfBirth: "Date of birth",
    dateOfBirthHint: "You must be at least 18 years old.",
    country: "Country of residence",
    nationality: "Nationality",
    idType: "Identity document",
    idNumber: "Document number",
    idNumberHint:
      "Letters and digits; spaces and dashes are ignored. It is encrypted and only its last four characters are ever shown.",
    onFile: "On file: {{masked}}. Leave blank to keep it, or type the full number to replace it.",
    address: "Residential address",
    document: "Photo or scan of your identity document",
    documentHint:
      "A JPEG, PNG or WebP picture of up to {{imageMb}} MB, or a PDF of up to {{pdfMb}} MB, showing the whole document clearly.",
    documentOnFile: "A document is on file; upload a new one only to replace it.",
    viewDocument: "View the document on file",
    chooseAgain: "For your security, choose the file again before sending the form.",
    privacy:
      "Your document is kept outside the public website; only you and our verification team can open it, and we use it only to verify your identity.",
    submit: "Send for verification",
    resubmit: "Send again for verification",
    submitted: "Thank you. We are checking your identity and will email you when we have decided.",
    errors: {
      dateOfBirth: "Enter a real date of birth, like 1990-03-07.",
      dateOfBirthFuture: "The date of birth cannot be in the future.",
      underage: "You must be at least 18 years old to invest.",
      idTypeChanged: "You changed the document type: enter the number of the new document.",
      idNumber: "Enter 4 to 40 letters and digits.",
      documentRequired: "Upload a photo or scan of your identity document.",
      documentTooLarge: "This file is larger than the size limit. Choose a smaller picture or PDF.",
      imageTooLarge: "This picture is larger than the size limit. Choose a smaller one or reduce it.",
      documentType:
        "This file is not a JPEG, PNG or WebP picture or a PDF, whatever its name says. Choose one in these formats.",
    },
  },
  declare: {
    amountLabel: "{{label}} ({{currency}})",
    previous:
      "Your declaration of {{date}} is on file. Sending this form replaces it from now on; the earlier one is kept as a record.",
    submit: "Sign and save the declaration",
    saved: "Your declaration is saved. Your status and limit below follow from it.",
    errors: {
      attest: "Tick the box to confirm that your declaration is true.",
      accredited: "Say whether you are an accredited investor.",
      count: "Enter a whole number, like 0 or 6.",
      date: "Enter a real date, like 2026-01-31.",
      dateFuture: "The date cannot be in the future.",
      dateOld: "Only investments made in the last 12 months count; leave older ones out.",
      category: "Choose the category that applies to you.",
      investorType: "Say whether you invest as an individual or for an organisation.",
    },
    us: {
      title: "US investor declaration (Regulation Crowdfunding)",
      intro:
        "US law limits how much a person who is not an accredited investor may invest in Regulation Crowdfunding offerings over 12 months, across all platforms. Your limit follows from your annual income and net worth. You may give joint figures with your spouse.",
      accredited: "Are you an accredited investor?",
      accreditedHint:
        "Under SEC rules, for example: income over $200,000 ($300,000 with a spouse) in each of the last two years, or net worth over $1 million excluding your main home, or certain professional licences.",
      accredited_no: "No, I am not an accredited investor",
      accredited_yes: "Yes, I am an accredited investor",
      figures: "Income and net worth",
      figuresHint: "In US dollars, whole dollars or with cents.",
      annualIncome: "Annual income",
      netWorth: "Net worth",
      netWorthHint: "What you own minus what you owe, not counting the value of your main home.",
      elsewhere: "Regulation Crowdfunding investments on other platforms",
      elsewhereHint:
        "Investments you made in the last 12 months through other crowdfunding platforms count against the same limit. Leave the rows empty if there were none.",
      elsewhereAmount: "Investment {{n}}: amount",
      elsewhereDate: "Investment {{n}}: date",
      attestation:
        "I confirm that the information above is true and complete, that I will tell Seedfund if it changes, and that I understand that investing in Regulation Crowdfunding offerings is risky and that I may lose all of my investment.",
    },
    uk: {
      title: "UK investor statement",
      intro:
        "UK rules allow these high-risk investments only to investors in one of three categories. Choose the one that applies to you, give the figures it rests on, and sign its statement. A statement lasts 12 months.",
      category: "Which category applies to you?",
      categoryTitles: {
        restricted: "Restricted investor",
        certified_hnw: "Certified high-net-worth investor",
        self_certified_sophisticated: "Self-certified sophisticated investor",
      },
      statements: {
        restricted:
          "In the past 12 months I have not invested more than 10% of my net assets in high-risk investments, and I undertake not to invest more than 10% of my net assets in them in the next 12 months. Net assets do not include my home, pension or insurance.",
        certified_hnw:
          "In the last financial year I had an annual income of £100,000 or more, or throughout the last financial year I held net assets of £250,000 or more (not counting my home, pension or insurance).",
        self_certified_sophisticated:
          "I am a member of a business angel network for at least the last six months, or I have made more than one investment in an unlisted company in the last two years, or I have worked in private equity or finance for small businesses in the last two years, or I have been a director of a company with an annual turnover of at least £1 million in the last two years.",
      },
      restrictedTitle: "If you are a restricted investor",
      netAssets: "Net assets",
      netAssetsHint: "Not counting your main home, pension rights or insurance policies.",
      hnwTitle: "If you are a certified high-net-worth investor",
      hnwIncome: "Annual income in the last financial year",
      sophisticatedTitle: "If you are a self-certified sophisticated investor",
      sophisticatedHint: "Fill in what applies to you; one criterion is enough.",
      angelNetworkMonths: "Months as a member of a business angel network or syndicate",
      unlistedInvestments: "Investments in unlisted companies in the last two years",
      privateEquity:
        "I have worked in private equity or in finance for small and medium enterprises in the last two years",
      directorTurnover: "Annual turnover of a company you have been a director of in the last two years",
      elsewhereTitle: "High-risk investments elsewhere",
      elsewhere: "Invested in high-risk investments elsewhere in the last 12 months",
      elsewhereHint:
        "Shares in unlisted companies, peer-to-peer loans and the like, bought outside Seedfund. Leave empty if none.",
      attestation:
        "I make the statement of the category I chose above. I accept that the investments I may be offered can expose me to a significant risk of losing all of the money I invest, and I am aware that I can seek advice from someone who specialises in advising on this kind of investment.",
    },
    cn: {
      title: "Qualified investor declaration (China)",
      intro:
        "Non-public equity offerings in China are open only to qualified investors (合格投资者), and to at most 200 investors each. Declare the figures that show you qualify.",
      investorType: "You invest as",
      typeHint: {
        individual:
          "Financial assets of at least ¥3,000,000, or an average annual income over the last three years of at least ¥500,000.",
        entity: "Net assets of at least ¥10,000,000.",
      },
      individualTitle: "If you invest as an individual",
      financialAssets: "Financial assets",
      financialAssetsHint:
        "Bank deposits, shares, bonds, funds, wealth-management products and the like; not property.",
      incomeHint: "Your income in each of the last three years; we use their average.",
      income: "Income in {{year}}",
      entityTitle: "If you invest for an organisation",
      netAssets: "Net assets of the organisation",
      attestation:
        "I confirm that the information above is true, accurate and complete, that I am a qualified investor under the rules of non-public equity crowdfunding, that I invest with my own money, and that I understand that this investment may lose all of its value and cannot easily be sold.",
    },
  },
  cta: {
    invest: "Invest",
    terms: "{{price}} a share; at least {{minimum}}.",
    allocation: {
      first_come:
        "If the offering is oversubscribed, shares go to investors in the order of their commitments (first come, first served).",
      pro_rata:
        "If the offering is oversubscribed, every investor receives shares in proportion to their commitment (pro rata).",
    },
    verifiedOnly: "Only investors whose identity we have verified can commit.",
    verifyTitle: "Details are shown to verified investors only",
    verifyToSee:
      "This offering is shown only to members whose identity we have verified (non-public offering). Verify your identity to see its details.",
    verify: "Verify your identity",
  },
  refused: {
    notFound: "We could not find an equity offering there.",
    notOpen: "“{{title}}” is not open for investment: it is not live, or its deadline has passed.",
    notVerified:
      "Only investors whose identity we have verified can invest. Verify your identity first; it usually takes up to two working days.",
    maxRaise:
      "{{amount}} is more than what remains of the offering's maximum ({{remaining}}, that is {{shares}} shares at most). Choose fewer shares.",
    alreadyCommitted:
      "You already have a commitment to this offering. To change it, cancel it (where the rules allow) and commit again.",
    noDeclaration: "Before you invest, make your investor declaration for {{regime}}.",
    documentsChanged:
      "The company published a new version of its documents while you were on this page. Read the current versions below and confirm again.",
    replayed: "This form was already used. Please start again.",
  },
  commit: {
    title: "Invest in “{{project}}”",
    refusedTitle: "This investment cannot be made:",
    riskWarningLabel: "Risk warning",
    documentMeta: "version {{version}} of {{date}}",
    fingerprint: "Fingerprint (SHA-256):",
    noDocuments: "The company has not published documents.",
    offeringTitle: "The offering",
    offering: "Offering",
    company: "Company",
    regime: "Rules",
    pricePerShare: "Price per share",
    minimum: "Minimum investment",
    remainingRaise: "Still available",
    deadline: "Deadline",
    allocation: "If oversubscribed",
    verifyTitle: "Verify your identity first",
    verify: {
      none: "Only investors whose identity we have verified can invest. It takes a few minutes to send your details; our team usually checks them within two working days.",
      pending: "We are checking your identity. You can invest as soon as it is verified; we will email you.",
      rejected:
        "We could not verify your identity with the details you sent. Correct them and send them again.",
    },
    verifyStart: "Verify your identity",
    verifyFix: "Correct your details",
    already: "You have committed to {{shares}} shares ({{amount}}) in this offering.",
    seeCommitment: "See your commitment",
    declareTitle: "Make your investor declaration first",
    yourStatus: "Your status",
    remaining: "You may still invest {{remaining}} of your limit of {{limit}} over 12 months.",
    shares: "Number of shares",
    sharesHint: "Whole shares at {{price}} each; at least {{minimum}} in total ({{minShares}} shares).",
    risksTitle: "Risk warnings",
    risk: {
      general:
        "Investing in a young company is risky: you may lose all the money you invest, you will probably not be able to sell your shares for years, your share of the company may be diluted, and dividends are rare. Invest only what you can afford to lose.",
    },
    creatorRisks: "The company says:",
    ackRisks: "I have read and understood the risk warnings.",
    documentsTitle: "The company's documents",
    documentsHint: "Read the current versions before you commit; we record which versions you confirmed.",
    ackDocuments: "I have read the current versions of the documents listed above.",
    noMoneyNow:
      "No money moves now. Your card is saved, and it is charged only when the offering closes, if it reaches its target.",
    continue: "Review",
    amount: "Amount",
    card: "Card",
    acknowledged: "You confirm",
    done: "Your commitment is recorded. We have emailed you a confirmation.",
    errors: {
      card: "Choose a saved card or add a new one.",
      shares: "Enter a number of shares, like 10.",
      sharesNegative: "The number of shares cannot be negative.",
      sharesPositive: "Enter at least 1 share.",
      wholeShares: "Shares can only be bought whole: enter a number without decimals, like 10.",
      tooMany: "This number of shares is too large.",
      belowMinimum:
        "{{amount}} is less than the minimum investment of {{minimum}}. Choose at least {{shares}} shares.",
      acknowledgeRisks: "Tick the box to confirm that you have read the risk warnings.",
      acknowledgeDocuments: "Tick the box to confirm that you have read the current documents.",
    },
    changeField: {
      shares: "Change the number of shares",
    },
  },
  review: {
    title: "Review your investment",
    whatHappens:
      "Nothing is charged now. If the offering reaches its target of {{goal}} by {{deadline}}, your card is charged and shares are allocated to you; if it does not, your commitment is cancelled and nothing is charged.",
    usCancel:
      "You can cancel this commitment for any reason until {{cutoff}} (48 hours before the deadline); after that it can no longer be cancelled unless the offering changes materially.",
    usNoCancel:
      "The offering closes on {{deadline}}, within 48 hours: under US rules this commitment cannot be cancelled once you confirm it, unless the offering changes materially.",
    confirm: "Confirm my investment",
    change: "Change",
  },
  status: {
    active: "Committed",
    awaiting_reconfirmation: "Reconfirmation needed",
    settled: "Settled",
    cancelled: "Cancelled",
    failed: "Payment failed",
  },
  events: {
    created: "committed",
    reconfirmation_required: "the offering changed materially: reconfirmation asked",
    reconfirmed: "reconfirmed",
    cancelled: "cancelled",
    expired: "cancelled: not reconfirmed in time",
  },
  commitments: {
    title: "My investments",
    account: "Investor account and limits",
    empty: "You have not invested yet.",
    discover: "Discover equity offerings",
    line: "{{shares}} shares · {{amount}}",
    committedOn: "Committed on {{date}}",
    committedAt: "Committed on",
    cancelledAt: "Cancelled on",
    cancelReasons: {
      investor: "by you",
      not_reconfirmed: "not reconfirmed in time",
      offering_cancelled: "the offering was cancelled",
    },
    reconfirmBy: "reconfirm by {{date}}",
    reconfirmNow: "Reconfirm or cancel",
    materialChange:
      "The company changed its offering materially. Your commitment is cancelled unless you reconfirm it by {{date}}.",
    cancelUntil: "You can cancel until {{date}}.",
    cancelAction: "Cancel my commitment",
    history: "History",
    acknowledgements: "What you confirmed",
    version: "version {{version}}",
    riskAck: "the risk warnings",
    back: "Back to the commitment",
    show: { title: "Your investment in “{{project}}”" },
    cancel: {
      title: "Cancel your investment in “{{project}}”?",
      question: "Cancel your commitment of {{shares}} shares ({{amount}}) in “{{project}}”?",
      again: "You can commit again later while the offering is open, but your place in line is lost.",
      confirm: "Yes, cancel it",
      keep: "No, keep it",
      done: "Your commitment is cancelled. Nothing will be charged.",
    },
    reconfirm: {
      title: "Reconfirm your investment in “{{project}}”",
      intro:
        "The company of “{{project}}” published a new version of its documents and marked it as a material change. Read the current documents and reconfirm by {{date}}, or your commitment is cancelled.",
      documentsHint: "Read the current versions, including the new one.",
      confirm: "Reconfirm my investment",
      done: "Your commitment is reconfirmed.",
    },
    refused: {
      notStanding: "This commitment is no longer active.",
      offeringClosed: "The offering is closed, so the commitment can no longer be changed.",
      reconfirmPassed: "The time to reconfirm has passed.",
      nothingToReconfirm: "This commitment does not need to be reconfirmed.",
      usCutoff:
        "Under US rules a commitment can be cancelled until {{hours}} hours before the deadline, that is until {{cutoff}}. The deadline is {{deadline}}, so it can no longer be cancelled.",
    },
  },
  investors: {
    title: "Investors in “{{project}}”",
    // Plural keys end in _one/_other (i18next); Chinese has one form, so both say the same.
    totals_one: "{{investors}} investor has committed to {{shares}} shares, {{amount}} in total.",
    totals_other: "{{investors}} investors have committed to {{shares}} shares, {{amount}} in total.",
    csv: "Download as CSV",
    empty: "Nobody has committed yet.",
    link: "Investors",
  },
  csv: {
    commitmentId: "Commitment",
    name: "Name",
    legalName: "Legal name",
    email: "Email",
    country: "Country",
    shares: "Shares",
    pricePerShare: "Price per share",
    amount: "Amount",
    currency: "Currency",
    status: "Status",
    committedAt: "Committed at",
    cancelledAt: "Cancelled at",
  },
  admin: {
    nav: "Identities",
    account: "Account",
    submitted: "Sent on",
    decidedAt: "Decided on",
    queue: {
      title: "Identity verification",
      intro:
        "Investors waiting for verification, oldest first. Compare the details with the document before you decide.",
      empty: "Nobody is waiting for verification.",
      recent: "Recently decided",
    },
    show: {
      title: "Identity of {{name}}",
      back: "Back to the queue",
      details: "Details given",
      openDocument: "Open the document ({{type}})",
      document: "Identity document",
      documentAlt: "Identity document of {{name}}",
      audit: "History",
    },
    documentTypes: { image: "picture", pdf: "PDF" },
    decision: {
      title: "Decision",
      approveHint: "The details match the document, the document is valid and the person is at least 18.",
      approve: "Verify this identity",
      reason: "Reason for not accepting",
      reasonHint: "The investor reads this in the email we send them. They read {{language}}.",
      reject: "Do not accept",
      approveDone: "The identity is verified and the investor has been told.",
      rejectDone: "The identity was not accepted and the investor has been told why.",
    },
    auditActions: {
      submit: "sent for verification",
      resubmit: "sent again for verification",
      approve: "verified",
      reject: "not accepted",
    },
    errors: {
      reasonRequired: "Say why, so that the investor can correct it.",
      notPending: "This identity is not waiting for a decision.",
      changed: "The investor sent new details while you were looking. Review them again.",
    },
  },
  mail: {
    identityVerified: {
      subject: "Your identity is verified",
      body: "Hello {{name}},\n\nWe have verified your identity. You can now invest in equity offerings on Seedfund, within the limits the rules set for you:\n\n{{link}}\n\nThe Seedfund team",
    },
    identityRejected: {
      subject: "We could not verify your identity",
      body: "Hello {{name}},\n\nWe could not verify your identity with the details you sent, for this reason:\n\n{{reason}}\n\nYou can correct your details and send them again here:\n\n{{link}}\n\nThe Seedfund team",
    },
    committed: {
      subject: "Your investment in {{project}}",
      body: "Hello {{name}},\n\nYou committed to {{shares}} shares of {{project}} for {{amount}}. Nothing is charged now: your card is charged when the offering closes on {{deadline}}, only if it reaches its target.\n\n{{cancelNote}}\n\nYour commitment: {{link}}\n\nThe Seedfund team",
      cancelUntil: "You can cancel it for any reason until {{cancelUntil}}.",
      noCancel: "It can no longer be cancelled.",
    },
    cancelled: {
      subject: "Your investment in {{project}} is cancelled",
      body: "Hello {{name}},\n\nYour commitment of {{amount}} ({{shares}} shares) to {{project}} is cancelled. Nothing will be charged.\n\n{{link}}\n\nThe Seedfund team",
    },
    reconfirm: {
      subject: "Action needed: reconfirm your investment in {{project}}",
      body: "Hello {{name}},\n\nThe company of {{project}} has changed its offering materially and published a new version of its documents. Read it and reconfirm your commitment of {{amount}} ({{shares}} shares) by {{reconfirmBy}}. If you do not reconfirm by then, your commitment is cancelled and nothing is charged. You may also cancel it until then.\n\n{{link}}\n\nThe Seedfund team",
    },
    offeringCancelled: {
      subject: "{{project}} was cancelled: so is your investment",
      body: "Hello {{name}},\n\nThe company has cancelled its offering {{project}}. Your commitment of {{amount}} ({{shares}} shares) is cancelled with it, and nothing will be charged.\n\n{{link}}\n\nThe Seedfund team",
    },
    reconfirmed: {
      subject: "You reconfirmed your investment in {{project}}",
      body: "Hello {{name}},\n\nYou reconfirmed your commitment of {{amount}} ({{shares}} shares) to {{project}}.\n\n{{link}}\n\nThe Seedfund team",
    },
    expired: {
      subject: "Your investment in {{project}} was cancelled",
      body: "Hello {{name}},\n\nYou did not reconfirm your commitment of {{amount}} ({{shares}} shares) to {{project}} after its material change, so it has been cancelled, as the rules require. Nothing will be charged.\n\n{{link}}\n\nThe Seedfund team",
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
      submit: "提交答案",
      passedOn: "（于 {{date}} 通过）",
      wait: "您可以在 {{retakeAt}} 起重新作答。在此期间，请阅读风险摘要。",
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
  nav: { investments: "我的投资" },
  form: {
    choose: "请选择…",
    backToOffering: "返回",
  },
  account: {
    title: "投资者账户",
    intro:
      "在您投资企业之前，我们会核实您的身份，并记录项目所在国家或地区法律要求您申报的信息。您可以在这里查看自己的状态以及还可投资的额度。",
    myInvestments: "我的投资",
    identityTitle: "实名认证",
    completeProfile: "进行实名认证",
    viewProfile: "您的身份信息",
    notDeclared: {
      us: "如需投资美国项目（众筹条例），请申报您的年收入、净资产以及在其他平台的众筹条例投资。您 12 个月的投资限额据此计算。",
      uk: "如需投资英国项目，请选择适用于您的投资者类别并作出相应声明，然后回答几个关于风险的问题。",
      cn: "如需投资中国私募股权众筹项目，请申报您的金融资产和最近三年的年均收入（或贵机构的净资产）。只有合格投资者才能投资。",
    },
    declare: "进行申报",
    declaredOn: "申报时间",
    state: "状态",
    mayInvest: "可以投资",
    mayNotInvest: "目前不能投资",
    explanation: "说明",
    updateDeclaration: "更新申报",
    quizPassed: "风险知识问答：已通过",
    takeQuiz: "回答风险知识问答",
  },
  identity: {
    title: "实名认证",
    intro:
      "股权众筹项目只向已通过实名认证的投资者开放。请按身份证件上的内容填写信息，并上传证件的照片或扫描件。我们的工作人员会进行核实，通常在两个工作日内完成。",
    status: {
      none: "未认证",
      pending: "审核中",
      verified: "已认证",
      rejected: "未通过",
    },
    statusText: {
      none: "您尚未提交身份信息。",
      pending: "我们已收到您的信息，正在审核。审核完成后会发邮件通知您。",
      verified: "您的身份已通过认证，可以投资。",
      rejected: "根据您提交的信息，我们无法核实您的身份。",
    },
    rejectionReason: "原因：",
    correctAndResubmit: "请在下方更正信息后重新提交。",
    changeResubmits: "如果您修改信息，我们会重新审核，审核通过之前您不能投资。",
    legalName: "法定姓名",
    legalNameHint: "须与身份证件上的完全一致。",
    dateOfBirth: "出生日期",
    dateOfBirthHint: "您须年满 18 周岁。",
    country: "居住国家或地区",
    nationality: "国籍",
    idType: "身份证件类型",
    idNumber: "证件号码",
    idNumberHint: "字母和数字，空格和短横线会被忽略。号码经加密保存，只显示最后四位。",
    onFile: "已保存：{{masked}}。留空则保留原号码，输入完整号码则替换。",
    address: "居住地址",
    document: "身份证件照片或扫描件",
    documentHint:
      "不超过 {{imageMb}} MB 的 JPEG、PNG 或 WebP 图片，或不超过 {{pdfMb}} MB 的 PDF，须清晰显示整个证件。",
    documentOnFile: "已保存一份证件文件；只有需要替换时才上传新文件。",
    viewDocument: "查看已保存的证件",
    chooseAgain: "为了您的安全，提交前请重新选择文件。",
    privacy: "您的证件保存在公开网站之外，只有您本人和我们的认证团队可以查看，且仅用于核实您的身份。",
    submit: "提交认证",
    resubmit: "重新提交认证",
    submitted: "感谢您的提交。我们正在核实您的身份，完成后会发邮件通知您。",
    errors: {
      dateOfBirth: "请输入真实的出生日期，例如 1990-03-07。",
      dateOfBirthFuture: "出生日期不能晚于今天。",
      underage: "您须年满 18 周岁才能投资。",
      idTypeChanged: "您更改了证件类型，请输入新证件的号码。",
      idNumber: "请输入 4 到 40 位字母或数字。",
      documentRequired: "请上传身份证件的照片或扫描件。",
      documentTooLarge: "文件超过大小限制，请选择较小的图片或 PDF。",
      imageTooLarge: "图片超过大小限制，请选择较小的图片或将其压缩。",
      documentType: "无论文件名如何，该文件都不是 JPEG、PNG、WebP 图片或 PDF。请选择这些格式之一的文件。",
    },
  },
  declare: {
    amountLabel: "{{label}}（{{currency}}）",
    previous: "已保存您于 {{date}} 作出的申报。提交此表单后将以新申报为准，原申报作为记录保留。",
    submit: "签署并保存申报",
    saved: "您的申报已保存，下方的状态和限额据此计算。",
    errors: {
      attest: "请勾选以确认您的申报真实无误。",
      accredited: "请说明您是否为认可投资者。",
      count: "请输入整数，例如 0 或 6。",
      date: "请输入真实的日期，例如 2026-01-31。",
      dateFuture: "日期不能晚于今天。",
      dateOld: "只计算过去 12 个月内的投资，请不要填写更早的投资。",
      category: "请选择适用于您的类别。",
      investorType: "请说明您是以个人还是以机构身份投资。",
    },
    us: {
      title: "美国投资者申报（众筹条例）",
      intro:
        "美国法律限制非认可投资者在 12 个月内通过所有平台投资众筹条例项目的金额。您的限额根据年收入和净资产计算，可以与配偶合并申报。",
      accredited: "您是认可投资者吗？",
      accreditedHint:
        "根据美国证券交易委员会的规定，例如：过去两年每年收入超过 20 万美元（与配偶合计超过 30 万美元），或不计主要住所的净资产超过 100 万美元，或持有特定专业执照。",
      accredited_no: "否，我不是认可投资者",
      accredited_yes: "是，我是认可投资者",
      figures: "收入和净资产",
      figuresHint: "以美元计，可以是整数或带美分。",
      annualIncome: "年收入",
      netWorth: "净资产",
      netWorthHint: "您的资产减去负债，不包括主要住所的价值。",
      elsewhere: "在其他平台的众筹条例投资",
      elsewhereHint: "过去 12 个月内通过其他众筹平台进行的投资计入同一限额。如没有，请留空。",
      elsewhereAmount: "第 {{n}} 笔投资：金额",
      elsewhereDate: "第 {{n}} 笔投资：日期",
      attestation:
        "本人确认以上信息真实、完整，如有变化将告知种子众筹；本人了解投资众筹条例项目存在风险，可能损失全部投资。",
    },
    uk: {
      title: "英国投资者声明",
      intro:
        "英国规则只允许以下三类投资者进行此类高风险投资。请选择适用于您的类别，填写其依据的数据并签署声明。声明有效期为 12 个月。",
      category: "哪个类别适用于您？",
      categoryTitles: {
        restricted: "受限投资者",
        certified_hnw: "经认证的高净值投资者",
        self_certified_sophisticated: "自我认证的成熟投资者",
      },
      statements: {
        restricted:
          "过去 12 个月内，本人投入高风险投资的金额未超过本人净资产的 10%，并承诺未来 12 个月内投入高风险投资的金额不超过本人净资产的 10%。净资产不包括本人的住房、养老金和保险。",
        certified_hnw:
          "上一财政年度本人年收入不低于 100,000 英镑，或在整个上一财政年度持有不低于 250,000 英镑的净资产（不包括住房、养老金和保险）。",
        self_certified_sophisticated:
          "本人在过去至少六个月是天使投资网络的成员，或在过去两年内投资过一家以上的非上市公司，或在过去两年内从事私募股权或小企业融资工作，或在过去两年内担任年营业额不低于 100 万英镑的公司的董事。",
      },
      restrictedTitle: "如果您是受限投资者",
      netAssets: "净资产",
      netAssetsHint: "不包括您的主要住房、养老金权益和保险单。",
      hnwTitle: "如果您是经认证的高净值投资者",
      hnwIncome: "上一财政年度的年收入",
      sophisticatedTitle: "如果您是自我认证的成熟投资者",
      sophisticatedHint: "请填写适用于您的项目；符合一项即可。",
      angelNetworkMonths: "加入天使投资网络或投资团体的月数",
      unlistedInvestments: "过去两年内投资非上市公司的次数",
      privateEquity: "本人在过去两年内从事私募股权或中小企业融资工作",
      directorTurnover: "过去两年内您担任董事的公司的年营业额",
      elsewhereTitle: "在其他地方的高风险投资",
      elsewhere: "过去 12 个月内在其他地方进行的高风险投资",
      elsewhereHint: "在种子众筹以外购买的非上市公司股份、P2P 借贷等。如没有，请留空。",
      attestation:
        "本人作出上方所选类别的声明。本人接受：向本人推介的投资可能使本人面临损失全部投资资金的重大风险；本人知道可以向专门从事此类投资咨询的人士寻求建议。",
    },
    cn: {
      title: "合格投资者申报（中国）",
      intro:
        "中国私募股权众筹项目只向合格投资者开放，且每个项目的投资者不超过 200 人。请申报能够证明您符合条件的数据。",
      investorType: "您的投资身份",
      typeHint: {
        individual: "金融资产不低于 300 万元，或最近三年年均收入不低于 50 万元。",
        entity: "净资产不低于 1000 万元。",
      },
      individualTitle: "如果您以个人身份投资",
      financialAssets: "金融资产",
      financialAssetsHint: "银行存款、股票、债券、基金、理财产品等，不包括房产。",
      incomeHint: "请填写最近三年每年的收入，我们按平均值计算。",
      income: "{{year}} 年收入",
      entityTitle: "如果您以机构身份投资",
      netAssets: "机构净资产",
      attestation:
        "本人确认以上信息真实、准确、完整，本人是私募股权众筹规则下的合格投资者，以自有资金投资，并了解本次投资可能损失全部价值且不易转让。",
    },
  },
  cta: {
    invest: "投资",
    terms: "每股 {{price}}，起投 {{minimum}}。",
    allocation: {
      first_come: "如果认购超额，按投资者认购的先后顺序分配股份（先到先得）。",
      pro_rata: "如果认购超额，按每位投资者的认购金额比例分配股份。",
    },
    verifiedOnly: "只有通过实名认证的投资者才能认购。",
    verifyTitle: "详情仅向已实名认证的投资者展示",
    verifyToSee: "本项目为私募项目，只向通过实名认证的会员展示。请先进行实名认证以查看详情。",
    verify: "进行实名认证",
  },
  refused: {
    notFound: "找不到该股权众筹项目。",
    notOpen: "“{{title}}”目前不接受投资：项目未上线，或已过截止时间。",
    notVerified: "只有通过实名认证的投资者才能投资。请先进行实名认证，通常需要不超过两个工作日。",
    maxRaise: "{{amount}} 超过了本项目剩余的可募集额度（{{remaining}}，即最多 {{shares}} 股），请减少股数。",
    alreadyCommitted: "您已认购本项目。如需修改，请先取消认购（在规则允许时）再重新认购。",
    noDeclaration: "投资之前，请先完成{{regime}}的投资者申报。",
    documentsChanged: "在您浏览本页期间，企业发布了新版本的文件。请阅读下方的最新版本后再次确认。",
    replayed: "此表单已经提交过，请重新开始。",
  },
  commit: {
    title: "投资“{{project}}”",
    refusedTitle: "无法进行这笔投资：",
    riskWarningLabel: "风险提示",
    documentMeta: "第 {{version}} 版，{{date}}",
    fingerprint: "指纹（SHA-256）：",
    noDocuments: "企业尚未发布文件。",
    offeringTitle: "项目信息",
    offering: "项目",
    company: "企业",
    regime: "适用规则",
    pricePerShare: "每股价格",
    minimum: "最低投资额",
    remainingRaise: "剩余可认购额度",
    deadline: "截止时间",
    allocation: "超额认购时",
    verifyTitle: "请先进行实名认证",
    verify: {
      none: "只有通过实名认证的投资者才能投资。提交信息只需几分钟，我们的团队通常在两个工作日内完成审核。",
      pending: "我们正在审核您的身份，认证通过后即可投资，届时会发邮件通知您。",
      rejected: "根据您提交的信息，我们无法核实您的身份。请更正后重新提交。",
    },
    verifyStart: "进行实名认证",
    verifyFix: "更正信息",
    already: "您已认购本项目 {{shares}} 股（{{amount}}）。",
    seeCommitment: "查看您的认购",
    declareTitle: "请先完成投资者申报",
    yourStatus: "您的状态",
    remaining: "在 12 个月 {{limit}} 的限额中，您还可以投资 {{remaining}}。",
    shares: "认购股数",
    sharesHint: "每股 {{price}}，只能认购整数股；合计不少于 {{minimum}}（{{minShares}} 股）。",
    risksTitle: "风险提示",
    risk: {
      general:
        "投资初创企业风险很高：您可能损失全部投资资金，多年内可能无法出售股份，您的持股比例可能被摊薄，且企业很少派发股息。请只投入您能够承受损失的资金。",
    },
    creatorRisks: "企业说明：",
    ackRisks: "本人已阅读并理解上述风险提示。",
    documentsTitle: "企业的文件",
    documentsHint: "认购前请阅读最新版本；我们会记录您确认的版本。",
    ackDocuments: "本人已阅读上列文件的最新版本。",
    noMoneyNow: "现在不会扣款。您的银行卡会被保存，只有在项目结束并达到目标时才会扣款。",
    continue: "核对",
    amount: "金额",
    card: "银行卡",
    acknowledged: "您确认",
    done: "您的认购已记录，确认邮件已发送给您。",
    errors: {
      card: "请选择已保存的银行卡或添加新卡。",
      shares: "请输入股数，例如 10。",
      sharesNegative: "股数不能为负数。",
      sharesPositive: "请至少认购 1 股。",
      wholeShares: "只能认购整数股：请输入不带小数的数字，例如 10。",
      tooMany: "股数过大。",
      belowMinimum: "{{amount}} 低于最低投资额 {{minimum}}，请至少认购 {{shares}} 股。",
      acknowledgeRisks: "请勾选以确认您已阅读风险提示。",
      acknowledgeDocuments: "请勾选以确认您已阅读最新的文件。",
    },
    changeField: {
      shares: "修改认购股数",
    },
  },
  review: {
    title: "核对您的投资",
    whatHappens:
      "现在不会扣款。如果项目在 {{deadline}} 之前达到 {{goal}} 的目标，将从您的银行卡扣款并向您分配股份；如果未达到，您的认购将被取消，不会扣款。",
    usCancel:
      "在 {{cutoff}}（截止前 48 小时）之前，您可以因任何原因取消此认购；此后除非项目发生重大变更，否则不能取消。",
    usNoCancel:
      "项目将于 {{deadline}} 截止，已不足 48 小时：根据美国规则，您确认后将不能取消此认购，除非项目发生重大变更。",
    confirm: "确认投资",
    change: "修改",
  },
  status: {
    active: "已认购",
    awaiting_reconfirmation: "需要重新确认",
    settled: "已结算",
    cancelled: "已取消",
    failed: "扣款失败",
  },
  events: {
    created: "认购",
    reconfirmation_required: "项目发生重大变更，要求重新确认",
    reconfirmed: "已重新确认",
    cancelled: "已取消",
    expired: "因未按时重新确认而取消",
  },
  commitments: {
    title: "我的投资",
    account: "投资者账户和限额",
    empty: "您还没有投资。",
    discover: "发现股权众筹项目",
    line: "{{shares}} 股 · {{amount}}",
    committedOn: "认购于 {{date}}",
    committedAt: "认购时间",
    cancelledAt: "取消时间",
    cancelReasons: {
      investor: "由您取消",
      not_reconfirmed: "未按时重新确认",
      offering_cancelled: "项目已取消",
    },
    reconfirmBy: "请在 {{date}} 之前重新确认",
    reconfirmNow: "重新确认或取消",
    materialChange: "企业对项目作出了重大变更。除非您在 {{date}} 之前重新确认，否则您的认购将被取消。",
    cancelUntil: "您可以在 {{date}} 之前取消。",
    cancelAction: "取消认购",
    history: "记录",
    acknowledgements: "您确认过的内容",
    version: "第 {{version}} 版",
    riskAck: "风险提示",
    back: "返回认购详情",
    show: { title: "您对“{{project}}”的投资" },
    cancel: {
      title: "取消对“{{project}}”的投资？",
      question: "确定取消对“{{project}}”{{shares}} 股（{{amount}}）的认购吗？",
      again: "项目开放期间您可以再次认购，但会失去原来的认购顺序。",
      confirm: "是，取消认购",
      keep: "不，保留认购",
      done: "您的认购已取消，不会扣款。",
    },
    reconfirm: {
      title: "重新确认您对“{{project}}”的投资",
      intro:
        "“{{project}}”的企业发布了新版本的文件，并标记为重大变更。请阅读最新文件并在 {{date}} 之前重新确认，否则您的认购将被取消。",
      documentsHint: "请阅读最新版本，包括新版文件。",
      confirm: "重新确认投资",
      done: "您已重新确认认购。",
    },
    refused: {
      notStanding: "该认购已不再有效。",
      offeringClosed: "项目已结束，认购不能再更改。",
      reconfirmPassed: "重新确认的期限已过。",
      nothingToReconfirm: "该认购无需重新确认。",
      usCutoff:
        "根据美国规则，认购可在截止前 {{hours}} 小时之前取消，即 {{cutoff}} 之前。项目截止时间为 {{deadline}}，因此现在已不能取消。",
    },
  },
  investors: {
    title: "“{{project}}”的投资者",
    totals_one: "共有 {{investors}} 位投资者认购了 {{shares}} 股，合计 {{amount}}。",
    totals_other: "共有 {{investors}} 位投资者认购了 {{shares}} 股，合计 {{amount}}。",
    csv: "下载 CSV",
    empty: "还没有人认购。",
    link: "投资者名单",
  },
  csv: {
    commitmentId: "认购编号",
    name: "姓名",
    legalName: "法定姓名",
    email: "邮箱",
    country: "国家或地区",
    shares: "股数",
    pricePerShare: "每股价格",
    amount: "金额",
    currency: "币种",
    status: "状态",
    committedAt: "认购时间",
    cancelledAt: "取消时间",
  },
  admin: {
    nav: "实名认证",
    account: "账户",
    submitted: "提交时间",
    decidedAt: "审核时间",
    queue: {
      title: "实名认证审核",
      intro: "等待认证的投资者，按提交时间从早到晚排列。请先将信息与证件核对后再作决定。",
      empty: "没有等待认证的投资者。",
      recent: "最近的审核",
    },
    show: {
      title: "{{name}} 的身份信息",
      back: "返回审核队列",
      details: "提交的信息",
      openDocument: "打开证件（{{type}}）",
      document: "身份证件",
      documentAlt: "{{name}} 的身份证件",
      audit: "记录",
    },
    documentTypes: { image: "图片", pdf: "PDF" },
    decision: {
      title: "审核决定",
      approveHint: "信息与证件一致，证件有效，且本人年满 18 周岁。",
      approve: "通过认证",
      reason: "不通过的原因",
      reasonHint: "投资者会在我们发送的邮件中看到这段文字。其使用的语言为{{language}}。",
      reject: "不通过",
      approveDone: "该身份已通过认证，并已通知投资者。",
      rejectDone: "该身份未通过认证，已将原因通知投资者。",
    },
    auditActions: {
      submit: "提交认证",
      resubmit: "重新提交认证",
      approve: "通过认证",
      reject: "未通过认证",
    },
    errors: {
      reasonRequired: "请说明原因，以便投资者更正。",
      notPending: "该身份信息不在待审核状态。",
      changed: "在您审核期间，投资者提交了新的信息，请重新审核。",
    },
  },
  mail: {
    identityVerified: {
      subject: "您的实名认证已通过",
      body: "{{name}}，您好：\n\n您的实名认证已通过。现在您可以在种子众筹投资股权众筹项目（在适用规则为您设定的限额之内）：\n\n{{link}}\n\n种子众筹团队",
    },
    identityRejected: {
      subject: "您的实名认证未通过",
      body: "{{name}}，您好：\n\n根据您提交的信息，我们无法核实您的身份，原因如下：\n\n{{reason}}\n\n您可以在这里更正信息并重新提交：\n\n{{link}}\n\n种子众筹团队",
    },
    committed: {
      subject: "您对 {{project}} 的投资",
      body: "{{name}}，您好：\n\n您以 {{amount}} 认购了 {{project}} 的 {{shares}} 股。现在不会扣款：项目于 {{deadline}} 结束时，只有达到目标才会从您的银行卡扣款。\n\n{{cancelNote}}\n\n您的认购：{{link}}\n\n种子众筹团队",
      cancelUntil: "在 {{cancelUntil}} 之前，您可以因任何原因取消认购。",
      noCancel: "该认购已不能取消。",
    },
    cancelled: {
      subject: "您对 {{project}} 的投资已取消",
      body: "{{name}}，您好：\n\n您对 {{project}} 的 {{amount}}（{{shares}} 股）认购已取消，不会扣款。\n\n{{link}}\n\n种子众筹团队",
    },
    reconfirm: {
      subject: "需要您操作：重新确认对 {{project}} 的投资",
      body: "{{name}}，您好：\n\n{{project}} 的企业对项目作出了重大变更，并发布了新版本的文件。请阅读后在 {{reconfirmBy}} 之前重新确认您 {{amount}}（{{shares}} 股）的认购。如果届时未重新确认，您的认购将被取消，不会扣款。在此之前您也可以取消认购。\n\n{{link}}\n\n种子众筹团队",
    },
    offeringCancelled: {
      subject: "{{project}} 已取消，您的投资随之取消",
      body: "{{name}}，您好：\n\n企业已取消项目 {{project}}。您 {{amount}}（{{shares}} 股）的认购随之取消，不会扣款。\n\n{{link}}\n\n种子众筹团队",
    },
    reconfirmed: {
      subject: "您已重新确认对 {{project}} 的投资",
      body: "{{name}}，您好：\n\n您已重新确认对 {{project}} 的 {{amount}}（{{shares}} 股）认购。\n\n{{link}}\n\n种子众筹团队",
    },
    expired: {
      subject: "您对 {{project}} 的投资已取消",
      body: "{{name}}，您好：\n\n{{project}} 发生重大变更后，您未重新确认 {{amount}}（{{shares}} 股）的认购，因此根据规则，该认购已被取消，不会扣款。\n\n{{link}}\n\n种子众筹团队",
    },
  },
};

export const investCatalog = { en, zhCN };
