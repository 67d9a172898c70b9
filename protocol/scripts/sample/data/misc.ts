import type { BranchRow } from '../types.js'

/* The smaller branches: cyber security, narcotics control, criminal investigation, detention, legal affairs. */

// biome-ignore format: a table, one item a line
export const WA: BranchRow = {
  code: 'WA',
  name: '网络安全保卫',
  en: 'Cyber Security',
  categories: [
    {
      code: 'WA-SW',
      name: '上网服务场所',
      en: 'Internet service venues',
      prefix: 'W',
      items: [
        { name: '互联网上网服务营业场所信息网络安全审核', en: 'Network security review of internet cafés', min: 25, d: 0.1, kw: ['网吧', '网咖', '开网吧'], mat: ['营业执照', '场所平面图', '安全管理制度', '技术措施说明'] },
        { name: '互联网上网服务营业场所变更审核', en: 'Internet café change review', min: 20, d: 0.05, kw: ['网吧变更', '网吧扩建'], mat: ['网络文化经营许可证', '变更事项证明'] },
        { name: '公共场所无线上网安全管理备案', en: 'Public Wi-Fi security filing', min: 12, d: 0.1, kw: ['WiFi', '无线上网', '免费WiFi'], mat: ['营业执照', '安全技术措施说明'] },
      ],
    },
    {
      code: 'WA-BA',
      name: '网络安全备案',
      en: 'Network security filings',
      prefix: 'W',
      items: [
        { name: '网站公安联网备案', en: 'Public security filing of a website', min: 10, d: 0.5, online: true, kw: ['网站备案', '公安备案', '网安备案', 'APP备案'], mat: ['营业执照或身份证明', 'ICP备案信息', '网站负责人身份证明'] },
        { name: '网络安全等级保护备案', en: 'Classified protection filing', min: 20, d: 0.2, kw: ['等保', '等级保护', '定级备案'], mat: ['定级报告', '备案表', '专家评审意见'] },
        { name: '互联网接入服务单位备案', en: 'Filing of internet access providers', min: 15, d: 0.03, kw: ['接入服务', 'ISP'], mat: ['电信业务经营许可证', '安全管理制度'] },
        { name: '互联网新技术新业务安全评估报告备案', en: 'Security assessment of new internet services', min: 15, d: 0.02, kw: ['安全评估', '新业务评估'], mat: ['安全评估报告', '营业执照'] },
        { name: '网络违法犯罪举报', en: 'Reporting online crime', min: 10, d: 0.5, online: true, any: true, kw: ['网络举报', '网上骗子', '黑客'], mat: ['居民身份证', '相关截图'] },
      ],
    },
  ],
}

// biome-ignore format: a table, one item a line
export const JD: BranchRow = {
  code: 'JD',
  name: '禁毒',
  en: 'Narcotics Control',
  categories: [
    {
      code: 'JD-YZD',
      name: '易制毒化学品',
      en: 'Precursor chemicals',
      prefix: 'D',
      items: [
        { name: '第一类易制毒化学品购买许可证核发', en: 'Purchase licence for category 1 precursors', min: 20, d: 0.02, kw: ['易制毒', '第一类', '购买许可'], mat: ['营业执照', '购买用途说明', '经办人身份证明'] },
        { name: '第二类第三类易制毒化学品购买备案', en: 'Purchase filing for category 2 and 3 precursors', min: 8, d: 0.3, online: true, kw: ['易制毒', '购买备案', '盐酸', '硫酸'], mat: ['营业执照', '购买用途说明', '经办人身份证明'] },
        { name: '第一类易制毒化学品运输许可证核发', en: 'Transport licence for category 1 precursors', min: 20, d: 0.02, kw: ['易制毒运输', '运输许可'], mat: ['购买许可证', '运输车辆资质', '购销合同'] },
        { name: '第二类第三类易制毒化学品运输备案', en: 'Transport filing for category 2 and 3 precursors', min: 8, d: 0.2, online: true, kw: ['易制毒运输', '运输备案'], mat: ['购销合同', '运输车辆资质', '经办人身份证明'] },
      ],
    },
    {
      code: 'JD-FW',
      name: '禁毒服务',
      en: 'Drug rehabilitation services',
      prefix: 'D',
      items: [
        { name: '无吸毒记录证明', en: 'Certificate of no drug record', min: 5, d: 2, any: true, kw: ['无吸毒证明', '涉毒证明', '网约车', '入职'], mat: ['居民身份证', '用途证明材料'] },
        { name: '自愿戒毒登记', en: 'Voluntary rehabilitation registration', min: 15, d: 0.1, kw: ['戒毒', '自愿戒毒'], mat: ['居民身份证'] },
        { name: '社区戒毒社区康复报到', en: 'Community rehabilitation check-in', min: 10, d: 0.2, kw: ['社区戒毒', '康复报到'], mat: ['居民身份证', '社区戒毒决定书'] },
        { name: '涉毒线索举报', en: 'Reporting drug crime', min: 10, d: 0.1, online: true, any: true, kw: ['举报吸毒', '禁毒举报'], mat: ['举报线索材料'] },
      ],
    },
  ],
}

// biome-ignore format: a table, one item a line
export const XZ: BranchRow = {
  code: 'XZ',
  name: '刑事侦查',
  en: 'Criminal Investigation',
  categories: [
    {
      code: 'XZ-BA',
      name: '报案与刑侦服务',
      en: 'Crime reports and investigation services',
      prefix: 'X',
      items: [
        { name: '电信网络诈骗案件报案', en: 'Reporting telecom or online fraud', min: 25, d: 3, any: true, kw: ['被骗了', '诈骗', '刷单', '转账被骗', '反诈'], mat: ['居民身份证', '转账记录', '聊天记录截图'] },
        { name: '刑事案件报案', en: 'Reporting a crime', min: 20, d: 1, any: true, kw: ['报案', '被盗', '立案'], mat: ['居民身份证', '相关证据材料'] },
        { name: '走失人员报案', en: 'Reporting a missing person', min: 20, d: 0.2, any: true, kw: ['走失', '找人', '老人走丢', '孩子走丢'], mat: ['报案人身份证明', '走失人员照片'] },
        { name: '失踪人员家属DNA采血', en: 'DNA sampling of missing persons’ relatives', min: 15, d: 0.3, any: true, kw: ['寻亲', '采血', 'DNA', '打拐'], mat: ['居民身份证', '亲属关系证明'] },
        { name: '被盗抢车辆信息查询', en: 'Stolen vehicle enquiry', min: 8, d: 0.2, kw: ['被盗车辆', '盗抢车', '二手车查询'], mat: ['居民身份证', '车辆信息'] },
        { name: '刑事案件涉案财物发还', en: 'Returning property held in a criminal case', min: 15, d: 0.3, kw: ['退赃', '发还', '追回财物'], mat: ['居民身份证', '发还通知书', '权属证明'] },
        { name: '案件办理进度查询', en: 'Case progress enquiry', min: 5, d: 0.5, online: true, any: true, kw: ['案件进度', '查案子', '受案回执'], mat: ['受案回执', '居民身份证'] },
        { name: '报案回执补开', en: 'Reissuing a crime report receipt', min: 8, d: 0.2, any: true, kw: ['回执丢了', '报案回执', '保险理赔'], mat: ['居民身份证'] },
      ],
    },
  ],
}

// biome-ignore format: a table, one item a line
export const JS: BranchRow = {
  code: 'JS',
  name: '监所管理',
  en: 'Detention Administration',
  categories: [
    {
      code: 'JS-KS',
      name: '看守所与拘留所服务',
      en: 'Detention centre services',
      prefix: 'S',
      items: [
        { name: '看守所律师会见预约', en: 'Lawyer visit booking', min: 5, d: 0.5, online: true, kw: ['律师会见', '会见预约', '看守所'], mat: ['律师执业证', '律师事务所证明', '委托书'] },
        { name: '在押人员财物送存', en: 'Depositing belongings for a detainee', min: 10, d: 0.8, kw: ['送衣服', '送东西', '看守所'], mat: ['居民身份证', '亲属关系证明'] },
        { name: '在押人员生活费存入', en: 'Depositing living expenses for a detainee', min: 5, d: 0.6, online: true, kw: ['存钱', '生活费', '看守所'], mat: ['居民身份证'] },
        { name: '已决在押人员家属会见', en: 'Family visit to a sentenced detainee', min: 10, d: 0.3, kw: ['家属会见', '探视'], mat: ['居民身份证', '亲属关系证明'] },
        { name: '拘留所被拘留人会见', en: 'Family visit at the detention house', min: 10, d: 0.2, kw: ['拘留所', '会见', '探视'], mat: ['居民身份证', '亲属关系证明'] },
        { name: '羁押时间证明开具', en: 'Certificate of detention period', min: 10, d: 0.1, kw: ['羁押证明', '关押时间'], mat: ['居民身份证', '释放证明书'] },
        { name: '被羁押人员物品领回', en: 'Collecting a detainee’s belongings', min: 10, d: 0.2, kw: ['领东西', '物品领回'], mat: ['居民身份证', '委托书'] },
      ],
    },
  ],
}

// biome-ignore format: a table, one item a line
export const FZ: BranchRow = {
  code: 'FZ',
  name: '法制与执法监督',
  en: 'Legal Affairs and Oversight',
  categories: [
    {
      code: 'FZ-FY',
      name: '行政复议与执法监督',
      en: 'Administrative review and oversight',
      prefix: 'P',
      items: [
        { name: '行政复议申请', en: 'Application for administrative review', min: 25, d: 0.2, kw: ['复议', '不服处罚', '行政复议'], mat: ['行政复议申请书', '居民身份证', '原行政决定书'] },
        { name: '政府信息公开申请', en: 'Government information request', min: 10, d: 0.2, online: true, kw: ['信息公开', '依申请公开'], mat: ['信息公开申请表', '居民身份证'] },
        { name: '执法案卷查阅申请', en: 'Request to read an enforcement file', min: 15, d: 0.1, kw: ['查案卷', '阅卷'], mat: ['居民身份证', '当事人身份证明', '委托书'] },
        { name: '执法监督投诉受理', en: 'Complaint about police conduct', min: 20, d: 0.2, any: true, kw: ['投诉', '执法投诉', '督察'], mat: ['居民身份证', '投诉材料'] },
        { name: '国家赔偿申请', en: 'State compensation claim', min: 25, d: 0.02, kw: ['国家赔偿', '赔偿申请'], mat: ['赔偿申请书', '居民身份证', '相关证明材料'] },
        { name: '行政处罚决定书领取', en: 'Collecting a penalty decision', min: 5, d: 0.3, kw: ['处罚决定书', '领决定书'], mat: ['居民身份证'] },
        { name: '接处警记录查询', en: 'Emergency call record enquiry', min: 8, d: 0.3, any: true, kw: ['报警记录', '110记录', '出警记录', '保险理赔'], mat: ['居民身份证', '报警时间地点'] },
      ],
    },
  ],
}
