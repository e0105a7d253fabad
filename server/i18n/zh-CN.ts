import { commsCatalog } from "./comms.ts";
import { discoverCatalog } from "./discover.ts";
import type { en } from "./en.ts";
import { helpCatalog } from "./help.ts";
import type { Catalog } from "./index.ts";
import { investCatalog } from "./invest.ts";
import { opsCatalog } from "./ops.ts";
import { pledgesCatalog } from "./pledges.ts";
import { projectsCatalog } from "./projects.ts";
import { reviewCatalog } from "./review.ts";
import { settlementCatalog } from "./settlement.ts";

export const zhCN: Catalog<typeof en> = {
  brand: "种子众筹",
  meta: { description: "“全有或全无”的回报众筹与股权众筹平台。" },
  nav: {
    home: "首页",
    discover: "发现项目",
    start: "发起项目",
    signIn: "登录",
    register: "注册",
    account: "我的账户",
    pledges: "我的支持",
    admin: "管理后台",
    signOut: "退出登录",
    language: "语言",
    main: "主导航",
    skip: "跳到正文",
  },
  footer: {
    tagline: "种子众筹是信息中介平台：支持者的资金从不进入平台资金池；项目未达到目标，任何人都不会被扣款。",
    risk: "支持项目不等于购买商品；投资初创企业可能损失全部本金。",
    rights: "© {{year}} 种子众筹",
  },
  home: {
    title: "支持大胆的创意，项目成功才付款。",
    lead: "种子众筹是面向创意作品和初创企业的“全有或全无”众筹平台。发起人设定目标金额和截止日期：达到目标，向支持者扣款并向发起人付款；未达到目标，任何人都无需付款。",
    ctaStart: "发起项目",
    ctaDiscover: "发现项目",
    ctaRegister: "免费注册",
    howTitle: "运作方式",
    steps: {
      createTitle: "1. 发起人提交项目",
      createText:
        "发起人撰写项目故事，设定目标金额、截止日期以及回报或股权条款，并提交平台审核。只有通过审核的项目才会公开展示。",
      backTitle: "2. 支持者认筹",
      backText:
        "您可以选择回报档位支持项目；或在我们核实您的身份和可投资额度后，认购股权项目。您的银行卡只会被保存，不会立即扣款。",
      settleTitle: "3. 全有或全无",
      settleText:
        "截止日期到达时，达到目标的项目向支持者扣款，并在扣除费用后向发起人付款；未达到目标的项目不向任何人扣款。",
    },
    kindsTitle: "两种参与方式",
    rewardTitle: "回报众筹",
    rewardText: "支持项目以获得实物、服务或媒体内容，也可以无偿支持。回报绝不涉及资金或股权。",
    equityTitle: "股权众筹",
    equityText: "在您所在国家法律规定的限额内投资企业并获得股份。我们会先核实您的身份和投资者资格。",
    trustTitle: "值得托付资金的平台",
    trust: {
      escrow: "资金只在结算时通过支付机构划转，每一笔资金往来都记入复式记账的账本。",
      review: "每个项目在公开展示之前都经过我们团队的审核。",
      disclosure: "发起人必须清楚说明项目的风险和挑战。",
    },
  },
  form: {
    required: "必填",
    submit: "提交",
    save: "保存",
    showPassword: "显示",
    errorSummary: "请修改标出的字段。",
  },
  auth: {
    name: "姓名",
    email: "电子邮箱",
    password: "密码",
    passwordConfirm: "确认密码",
    passwordRules: "至少 {{min}} 个字符。建议使用较长的短语；请勿使用常见密码，也不要包含您的姓名或邮箱。",
    signInRequired: "请先登录。",
    register: {
      title: "注册账户",
      intro: "一个账户即可支持项目、参与投资并发起您自己的项目。",
      submit: "注册",
      haveAccount: "已有账户？",
      welcome: "欢迎加入种子众筹！您的账户已创建。",
    },
    login: {
      title: "登录",
      submit: "登录",
      forgot: "忘记密码？",
      noAccount: "第一次使用种子众筹？",
      invalid: "邮箱或密码不正确。",
      suspended: "该账户已被停用，请联系客服。",
      welcomeBack: "欢迎回来，{{name}}。",
    },
    logout: { done: "您已退出登录。" },
    forgot: {
      title: "重置密码",
      intro: "请输入您账户的电子邮箱，我们将向您发送设置新密码的链接。",
      submit: "发送重置链接",
      sent: "如果该邮箱已注册，我们已发送重置密码的链接。该链接在限定时间内有效，且只能使用一次。",
      back: "返回登录",
    },
    reset: {
      title: "设置新密码",
      submit: "设置新密码",
      done: "您的密码已修改，请使用新密码登录。",
      invalidLink: "该重置链接无效、已过期或已被使用。",
      requestNew: "重新获取链接",
    },
  },
  account: {
    title: "我的账户",
    profile: "个人资料",
    memberSince: "注册时间",
    role: "角色",
    roles: { user: "会员", admin: "管理员" },
    password: {
      title: "修改密码",
      current: "当前密码",
      new: "新密码",
      confirm: "确认新密码",
      submit: "修改密码",
      changed: "您的密码已修改。",
    },
    locale: {
      title: "邮件语言",
      hint: "我们发送给您的邮件所使用的语言。",
      label: "语言",
      submit: "保存语言",
      saved: "邮件语言已保存。",
    },
  },
  languages: { en: "English", "zh-CN": "简体中文" },
  money: {
    invalid: "请输入数字金额，例如 25 或 25.50。",
    tooManyDecimals: "最多保留两位小数。",
    negative: "金额不能为负数。",
    tooLarge: "金额过大。",
  },
  validation: {
    tooLong: "内容过长。",
    required: "此项为必填项。",
    invalid: "该值无效。",
    email: {
      invalid: "请输入有效的电子邮箱，例如 name@example.com。",
      unavailable: "无法使用该邮箱注册。如果这是您的邮箱，请直接登录或重置密码。",
    },
    name: {
      tooLong: "最多 100 个字符。",
      invalid: "姓名包含不允许使用的字符。",
    },
    password: {
      tooShort: "至少需要 10 个字符。",
      tooLong: "最多 128 个字符。",
      common: "该密码过于常见，请换一个更难猜到的密码。",
      containsIdentity: "密码不能包含您的姓名或邮箱。",
      currentWrong: "当前密码不正确。",
      mismatch: "两次输入的密码不一致。",
    },
  },
  errors: {
    notFound: "找不到该页面。",
    forbidden: "您无权执行此操作。",
    validation: "部分信息无效。",
    badRequest: "无法识别该请求。",
    tooLarge: "您提交的内容过大。",
    back: "返回",
    home: "返回首页",
    server: {
      title: "出错了",
      message: "我们这边发生了意外错误，请重试。如果问题持续出现，请联系客服并提供参考编号 {{requestId}}。",
    },
    csrf: {
      title: "表单已过期",
      message:
        "为了您的安全，该表单未被接受，通常是因为页面打开时间过长或浏览器禁用了 Cookie。请返回、刷新页面后重试。",
    },
    rateLimited: {
      title: "尝试次数过多",
      message: "您的网络连接尝试次数过多，请等待 {{minutes}} 分钟后再试。",
    },
    titles: {
      "400": "请求有误",
      "403": "不允许访问",
      "404": "页面不存在",
      "409": "操作冲突",
      "410": "已失效",
      "413": "内容过大",
      "422": "无法完成",
      "429": "尝试次数过多",
      default: "出现问题",
    },
  },
  mail: {
    signature: "种子众筹团队",
    welcome: {
      subject: "欢迎加入种子众筹",
      body: "{{name}}，您好：\n\n您的种子众筹账户已创建。您可以在 {{link}} 支持项目、参与投资或发起自己的项目。\n\n种子众筹团队",
    },
    passwordReset: {
      subject: "重置您的种子众筹密码",
      body: "{{name}}，您好：\n\n有人申请重置您种子众筹账户的密码。如需设置新密码，请在 {{minutes}} 分钟内打开以下链接：\n\n{{link}}\n\n该链接只能使用一次。如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。\n\n种子众筹团队",
    },
    passwordChanged: {
      subject: "您的种子众筹密码已修改",
      body: "{{name}}，您好：\n\n您种子众筹账户的密码刚刚被修改。如果这不是您本人的操作，请立即在 {{link}} 重置密码并联系客服。\n\n种子众筹团队",
    },
  },
  projects: projectsCatalog.zhCN,
  pledges: pledgesCatalog.zhCN,
  review: reviewCatalog.zhCN,
  comms: commsCatalog.zhCN,
  discover: discoverCatalog.zhCN,
  help: helpCatalog.zhCN,
  ops: opsCatalog.zhCN,
  invest: investCatalog.zhCN,
  settlement: settlementCatalog.zhCN,
};
