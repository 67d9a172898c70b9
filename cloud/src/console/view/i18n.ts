/*
 * The console's words in Chinese and English. Chinese is the default; the manager's choice is
 * remembered by the page (localStorage). Keys are the English meaning, so a missing Chinese word
 * still shows something readable.
 */

export type Lang = 'zh' | 'en'

const WORDS = {
  title: ['数据驾驶舱', 'Data cockpit'],
  subtitle: ['政务服务大厅排队叫号', 'Service hall queues'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  user: ['用户名', 'User name'],
  password: ['密码', 'Password'],
  badLogin: ['用户名或密码错误', 'Wrong user name or password'],
  tooMany: ['尝试次数过多，请稍后再试', 'Too many attempts; try again later'],
  sessionEnded: ['登录已过期，请重新登录', 'Your session ended; please sign in again'],
  network: ['网络异常，正在重试…', 'Network problem, retrying…'],
  district: ['全区概览', 'District'],
  alerts: ['预警', 'Alerts'],
  jobs: ['任务队列', 'Job queues'],
  halls: ['服务点', 'Halls'],
  hall: ['服务点', 'Hall'],
  waiting: ['等候人数', 'Waiting'],
  meanWait: ['今日平均等候', 'Mean wait today'],
  predictedWait: ['预计等候', 'Predicted wait'],
  windowsOpen: ['开放窗口', 'Open windows'],
  selfService: ['自助取号率', 'Self-service share'],
  satisfaction: ['满意度', 'Satisfaction'],
  issuedToday: ['今日取号', 'Tickets today'],
  servedToday: ['今日办结', 'Served today'],
  minutes: ['分钟', 'min'],
  people: ['人', ''],
  noData: ['暂无数据', 'No data'],
  map: ['服务点分布', 'Map of halls'],
  load: ['负荷', 'Load'],
  'load.idle': ['空闲', 'Quiet'],
  'load.normal': ['正常', 'Normal'],
  'load.busy': ['繁忙', 'Busy'],
  'load.overloaded': ['拥堵', 'Overloaded'],
  'load.offline': ['离线', 'Offline'],
  'load.closed': ['未开放', 'Closed'],
  'load.nodata': ['未接入', 'Not connected yet'],
  windows: ['窗口', 'Windows'],
  window: ['窗口', 'Window'],
  'window.closed': ['关闭', 'Closed'],
  'window.idle': ['空闲', 'Idle'],
  'window.calling': ['叫号中', 'Calling'],
  'window.serving': ['办理中', 'Serving'],
  'window.paused': ['暂停', 'Paused'],
  queue: ['排队情况', 'Queue'],
  item: ['事项', 'Item'],
  firstTickets: ['最前号码', 'Next tickets'],
  ratings: ['评价', 'Ratings'],
  ratingCount: ['评价数', 'Ratings given'],
  devices: ['设备', 'Devices'],
  online: ['在线', 'Online'],
  offline: ['离线', 'Offline'],
  link: ['云端链路', 'Cloud link'],
  linkUp: ['已连接', 'Connected'],
  linkDown: ['中断', 'Down'],
  pending: ['待处理事件', 'Events pending'],
  lastSeen: ['最后通信', 'Last seen'],
  gap: ['缺失事件，等待补发', 'Events missing, replay asked'],
  trend: ['今日走势', 'Today by hour'],
  accuracy: ['预测与实际等候', 'Predicted vs actual wait'],
  issued: ['取号', 'Issued'],
  served: ['办结', 'Served'],
  actualWait: ['实际等候', 'Actual wait'],
  predicted: ['预测', 'Predicted'],
  meanAbsError: ['平均误差', 'Mean error'],
  coverage80: ['80%区间命中率', '80% interval hit rate'],
  actions: ['人工调度', 'Manual actions'],
  guidance: ['发布引导信息', 'Send guidance'],
  guidanceText: ['引导内容（中文）', 'Guidance (Chinese)'],
  guidanceTextEn: ['引导内容（英文，可选）', 'Guidance (English, optional)'],
  send: ['发送', 'Send'],
  diversion: ['分流', 'Diversion'],
  diversionOn: ['开启分流', 'Turn diversion on'],
  diversionOff: ['关闭分流', 'Turn diversion off'],
  openWindow: ['要求增开窗口', 'Ask to open a window'],
  anyWindow: ['任一窗口', 'Any window'],
  sent: ['已发送', 'Sent'],
  failed: ['操作失败', 'Failed'],
  forbidden: ['无权访问该服务点', 'Not allowed for this hall'],
  alertList: ['预警列表', 'Alerts'],
  openAlerts: ['未处理', 'Open'],
  allAlerts: ['全部', 'All'],
  level: ['级别', 'Level'],
  'level.info': ['提示', 'Info'],
  'level.warning': ['预警', 'Warning'],
  'level.critical': ['严重', 'Critical'],
  state: ['状态', 'State'],
  'alert.raised': ['待确认', 'Raised'],
  'alert.acknowledged': ['已确认', 'Acknowledged'],
  'alert.acting': ['处置中', 'Acting'],
  'alert.resolved': ['已解决', 'Resolved'],
  'alert.cleared': ['已消除', 'Cleared'],
  acknowledge: ['确认', 'Acknowledge'],
  act: ['处置', 'Act'],
  resolve: ['解决', 'Resolve'],
  raisedAt: ['发生时间', 'Raised'],
  suggestions: ['建议措施', 'Suggested actions'],
  noAlerts: ['当前没有预警', 'No alerts now'],
  back: ['返回', 'Back'],
  updated: ['更新于', 'Updated'],
  language: ['English', '中文'],
} as const satisfies Record<string, readonly [string, string]>

export type WordKey = keyof typeof WORDS

/** The word for `key` in `lang`. */
export function t(lang: Lang, key: WordKey): string {
  const [zh, en] = WORDS[key]
  return lang === 'zh' ? zh : en
}

/** Whether `key` names a word (for keys built from states: `window.${state}`). */
export function isWordKey(key: string): key is WordKey {
  return Object.hasOwn(WORDS, key)
}

/** The word for a key built at run time, or the key's last part when there is none. */
export function tDynamic(lang: Lang, key: string): string {
  return isWordKey(key) ? t(lang, key) : (key.split('.').pop() ?? key)
}

/** The page's language: the remembered choice, else Chinese. */
export function chooseLang(stored: string | null | undefined): Lang {
  return stored === 'en' ? 'en' : 'zh'
}

/** Every key, for tests: both languages have every word. */
export const WORD_KEYS = Object.keys(WORDS) as WordKey[]
