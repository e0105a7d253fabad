import { commsCatalog } from "./comms.ts";
import { discoverCatalog } from "./discover.ts";
import { helpCatalog } from "./help.ts";
import { investCatalog } from "./invest.ts";
import { opsCatalog } from "./ops.ts";
import { pledgesCatalog } from "./pledges.ts";
import { projectsCatalog } from "./projects.ts";
import { reviewCatalog } from "./review.ts";
import { settlementCatalog } from "./settlement.ts";

export const en = {
  brand: "Seedfund",
  meta: { description: "All-or-nothing reward and equity crowdfunding." },
  nav: {
    home: "Home",
    discover: "Discover",
    start: "Start a project",
    signIn: "Sign in",
    register: "Create account",
    account: "Account",
    pledges: "My pledges",
    admin: "Admin",
    signOut: "Sign out",
    language: "Language",
    main: "Main navigation",
    skip: "Skip to content",
  },
  footer: {
    tagline:
      "Seedfund is an information platform: backers' money is never pooled with ours, and nobody is charged unless a project reaches its goal.",
    risk: "Backing a project is not a purchase, and investing in a young company can lose all of your money.",
    rights: "© {{year}} Seedfund",
  },
  home: {
    title: "Back bold ideas. Only pay when they're funded.",
    lead: "Seedfund is all-or-nothing crowdfunding for creative work and young companies. Creators set a goal and a deadline; if the goal is met, backers are charged and the creator is paid. If it isn't, nobody pays a thing.",
    ctaStart: "Start a project",
    ctaDiscover: "Discover projects",
    ctaRegister: "Create a free account",
    howTitle: "How it works",
    steps: {
      createTitle: "1. Creators propose",
      createText:
        "A creator drafts the story, the goal, the deadline and the rewards or the equity terms, then sends them to us for review. Only reviewed projects go public.",
      backTitle: "2. Backers pledge",
      backText:
        "You pledge to a reward, or commit to an equity offering once we have verified who you are and what you may invest. Your card is saved, not charged.",
      settleTitle: "3. All or nothing",
      settleText:
        "At the deadline, a project that met its goal charges its backers and pays the creator, less fees. A project that missed charges nobody.",
    },
    kindsTitle: "Two ways to take part",
    rewardTitle: "Reward crowdfunding",
    rewardText:
      "Back a project for goods, services or media, or simply to support it. Rewards are never money or shares.",
    equityTitle: "Equity crowdfunding",
    equityText:
      "Invest in a company for shares, within the limits the law sets for your country. We check your identity and qualification first.",
    trustTitle: "Built to be trusted with money",
    trust: {
      escrow:
        "Money moves only at settlement, through our payment provider; every movement is recorded in a double-entry ledger.",
      review: "Every project is reviewed by our team before it is shown to the public.",
      disclosure: "Creators must state the risks and challenges of their project plainly.",
    },
  },
  form: {
    required: "required",
    submit: "Submit",
    save: "Save",
    showPassword: "Show",
    errorSummary: "Please correct the highlighted fields.",
  },
  auth: {
    name: "Full name",
    email: "Email",
    password: "Password",
    passwordConfirm: "Confirm password",
    passwordRules:
      "At least {{min}} characters. A long phrase is best; avoid common passwords and your name or email.",
    signInRequired: "Please sign in to continue.",
    register: {
      title: "Create your account",
      intro: "One account lets you back projects, invest and start your own.",
      submit: "Create account",
      haveAccount: "Already have an account?",
      welcome: "Welcome to Seedfund! Your account is ready.",
    },
    login: {
      title: "Sign in",
      submit: "Sign in",
      forgot: "Forgot your password?",
      noAccount: "New to Seedfund?",
      invalid: "The email or password is incorrect.",
      suspended: "This account is suspended. Please contact support.",
      welcomeBack: "Welcome back, {{name}}.",
    },
    logout: { done: "You have signed out." },
    forgot: {
      title: "Reset your password",
      intro: "Enter the email address of your account and we will send you a link to choose a new password.",
      submit: "Send reset link",
      sent: "If an account exists for that email, we have sent a link to reset the password. It is valid for a limited time and can be used once.",
      back: "Back to sign in",
    },
    reset: {
      title: "Choose a new password",
      submit: "Set new password",
      done: "Your password has been changed. Please sign in with the new one.",
      invalidLink: "This reset link is invalid, has expired or has already been used.",
      requestNew: "Request a new link",
    },
  },
  account: {
    title: "Your account",
    profile: "Profile",
    memberSince: "Member since",
    role: "Role",
    roles: { user: "Member", admin: "Administrator" },
    password: {
      title: "Change password",
      current: "Current password",
      new: "New password",
      confirm: "Confirm new password",
      submit: "Change password",
      changed: "Your password has been changed.",
    },
    locale: {
      title: "Email language",
      hint: "The language of the emails we send you.",
      label: "Language",
      submit: "Save language",
      saved: "Your email language has been saved.",
    },
  },
  languages: { en: "English", "zh-CN": "简体中文" },
  money: {
    invalid: "Enter an amount in numbers, like 25 or 25.50.",
    tooManyDecimals: "Use at most two decimal places.",
    negative: "The amount cannot be negative.",
    tooLarge: "This amount is too large.",
  },
  validation: {
    tooLong: "This is too long.",
    required: "This field is required.",
    invalid: "This value is not valid.",
    email: {
      invalid: "Enter an email address like name@example.com.",
      unavailable:
        "We could not create an account with this email. If it is yours, sign in or reset your password.",
    },
    name: {
      tooLong: "Use at most 100 characters.",
      invalid: "The name contains characters that are not allowed.",
    },
    password: {
      tooShort: "Use at least 10 characters.",
      tooLong: "Use at most 128 characters.",
      common: "This password is too common. Choose something harder to guess.",
      containsIdentity: "The password must not contain your name or email.",
      currentWrong: "The current password is incorrect.",
      mismatch: "The two passwords do not match.",
    },
  },
  errors: {
    notFound: "We could not find that page.",
    forbidden: "You do not have permission to do that.",
    validation: "Some of the information is not valid.",
    badRequest: "The request could not be understood.",
    tooLarge: "What you sent is too large.",
    back: "Go back",
    home: "Go to the home page",
    server: {
      title: "Something went wrong",
      message:
        "An unexpected error occurred on our side. Please try again. If it keeps happening, contact support and quote reference {{requestId}}.",
    },
    csrf: {
      title: "This form has expired",
      message:
        "For your security the form could not be accepted, usually because it was open for a long time or cookies are blocked. Go back, reload the page and try again.",
    },
    rateLimited: {
      title: "Too many attempts",
      message: "Too many attempts from your connection. Please wait {{minutes}} minutes and try again.",
    },
    titles: {
      "400": "Bad request",
      "403": "Not allowed",
      "404": "Page not found",
      "409": "Conflict",
      "410": "No longer available",
      "413": "Too large",
      "422": "Cannot be done",
      "429": "Too many attempts",
      default: "Something is not right",
    },
  },
  mail: {
    signature: "The Seedfund team",
    welcome: {
      subject: "Welcome to Seedfund",
      body: "Hello {{name}},\n\nYour Seedfund account is ready. You can back projects, invest and start your own at {{link}}\n\nThe Seedfund team",
    },
    passwordReset: {
      subject: "Reset your Seedfund password",
      body: "Hello {{name}},\n\nSomeone asked to reset the password of your Seedfund account. To choose a new password, open this link within {{minutes}} minutes:\n\n{{link}}\n\nThe link works once. If you did not ask for this, ignore this email: your password stays the same.\n\nThe Seedfund team",
    },
    passwordChanged: {
      subject: "Your Seedfund password was changed",
      body: "Hello {{name}},\n\nThe password of your Seedfund account was just changed. If this was not you, reset your password now at {{link}} and contact support.\n\nThe Seedfund team",
    },
  },
  projects: projectsCatalog.en,
  pledges: pledgesCatalog.en,
  review: reviewCatalog.en,
  comms: commsCatalog.en,
  discover: discoverCatalog.en,
  help: helpCatalog.en,
  ops: opsCatalog.en,
  invest: investCatalog.en,
  settlement: settlementCatalog.en,
};
