import type { BranchRow } from '../types.js'

/* 治安管理: special-trade licences, security services, explosives and hazardous chemicals, events, dogs. */

// biome-ignore format: a table, one item a line
export const ZA: BranchRow = {
  code: 'ZA',
  name: '治安管理',
  en: 'Public Order Administration',
  categories: [
    {
      code: 'ZA-TH',
      name: '特种行业许可',
      en: 'Special-trade licences',
      prefix: 'K',
      items: [
        { name: '旅馆业特种行业许可证核发', en: 'Hotel trade licence', min: 20, d: 1, kw: ['开宾馆', '旅馆许可', '开酒店', '特行许可', '治安许可'], mat: ['营业执照', '法定代表人身份证明', '经营场所证明', '消防安全检查合格证明', '治安保卫制度'] },
        { name: '公章刻制业特种行业许可证核发', en: 'Seal-engraving trade licence', min: 20, d: 0.3, kw: ['刻章店', '刻章许可', '特行许可', '治安许可'], mat: ['营业执照', '法定代表人身份证明', '经营场所证明', '刻章设备清单'] },
        { name: '典当业特种行业许可证核发', en: 'Pawnbroking trade licence', min: 20, d: 0.2, kw: ['典当行', '典当许可', '特行许可', '治安许可'], mat: ['典当经营许可证', '营业执照', '法定代表人身份证明', '安全防范设施证明'] },
        { name: '特种行业许可证变更', en: 'Special-trade licence change', min: 15, d: 0.5, kw: ['特行变更', '换法人', '改名称'], mat: ['特种行业许可证', '变更事项证明', '法定代表人身份证明'] },
        { name: '特种行业许可证注销', en: 'Special-trade licence cancellation', min: 10, d: 0.2, kw: ['特行注销', '不开了', '歇业'], mat: ['特种行业许可证', '注销申请'] },
        { name: '公章刻制备案', en: 'Seal engraving filing', min: 5, d: 2, online: true, kw: ['刻章', '公章备案', '企业刻章', '印章'], mat: ['营业执照', '法定代表人身份证明', '经办人身份证明'] },
        { name: '民宿治安管理登记', en: 'Guesthouse registration', min: 15, d: 0.6, kw: ['民宿', '农家乐', '民宿登记'], mat: ['营业执照', '经营者身份证明', '房屋产权证明'] },
        { name: '旅馆业治安管理信息系统开户', en: 'Hotel guest-registration system account', min: 10, d: 0.4, kw: ['旅馆系统', '住宿登记系统', '开户'], mat: ['特种行业许可证', '经办人身份证明'] },
      ],
    },
    {
      code: 'ZA-BA',
      name: '保安服务',
      en: 'Security services',
      prefix: 'K',
      items: [
        { name: '保安员证核发', en: 'Security guard certificate', min: 8, d: 1, kw: ['保安证', '当保安', '保安员'], mat: ['居民身份证', '保安员考试合格证明', '照片'] },
        { name: '保安员证补领', en: 'Security guard certificate replacement', min: 6, d: 0.2, kw: ['保安证丢了', '补保安证'], mat: ['居民身份证', '遗失情况说明'] },
        { name: '保安服务公司设立许可', en: 'Security company licence', min: 30, d: 0.05, kw: ['保安公司', '开保安公司'], mat: ['设立申请书', '法定代表人身份证明', '注册资本证明', '管理人员资格证明', '管理制度'] },
        { name: '保安服务公司法定代表人变更审核', en: 'Security company legal representative change', min: 20, d: 0.05, kw: ['保安公司变更', '换法人'], mat: ['保安服务许可证', '新法定代表人身份证明', '变更决议'] },
        { name: '自行招用保安员单位备案', en: 'Filing by employers of in-house guards', min: 12, d: 0.2, kw: ['自招保安', '单位保安备案'], mat: ['营业执照', '保安员名单', '保安管理制度'] },
        { name: '保安培训许可证核发', en: 'Security training licence', min: 30, d: 0.02, kw: ['保安培训', '培训学校'], mat: ['办学许可证', '师资证明', '教学场所证明'] },
        { name: '跨区域保安服务备案', en: 'Filing of cross-region security services', min: 12, d: 0.05, kw: ['跨区域保安', '异地保安'], mat: ['保安服务许可证', '服务合同', '保安员名单'] },
      ],
    },
    {
      code: 'ZA-WB',
      name: '危爆物品管理',
      en: 'Explosives and hazardous chemicals',
      prefix: 'K',
      items: [
        { name: '民用爆炸物品购买许可证核发', en: 'Civil explosives purchase licence', min: 20, d: 0.1, kw: ['炸药购买', '民爆', '爆炸物品'], mat: ['爆破作业单位许可证', '经办人身份证明', '购买用途证明'] },
        { name: '民用爆炸物品运输许可证核发', en: 'Civil explosives transport licence', min: 20, d: 0.1, kw: ['民爆运输', '炸药运输'], mat: ['购买许可证', '运输车辆资质', '驾驶员押运员资格证明'] },
        { name: '爆破作业单位许可证核发', en: 'Blasting operator licence', min: 30, d: 0.03, kw: ['爆破公司', '爆破许可'], mat: ['营业执照', '爆破作业人员资格证明', '安全管理制度'] },
        { name: '爆破作业项目许可', en: 'Blasting project permit', min: 25, d: 0.05, kw: ['爆破项目', '拆除爆破'], mat: ['爆破作业单位许可证', '爆破设计方案', '安全评估报告'] },
        { name: '烟花爆竹道路运输许可证核发', en: 'Fireworks road transport permit', min: 15, d: 0.2, kw: ['烟花运输', '鞭炮运输'], mat: ['运输车辆资质', '驾驶员押运员资格证明', '购销合同'] },
        { name: '焰火燃放许可', en: 'Fireworks display permit', min: 20, d: 0.1, kw: ['焰火晚会', '放烟花', '燃放许可'], mat: ['举办单位申请', '燃放作业方案', '作业单位资质证明'] },
        { name: '剧毒化学品购买许可证核发', en: 'Highly toxic chemicals purchase licence', min: 20, d: 0.05, kw: ['剧毒化学品', '剧毒品购买'], mat: ['营业执照', '购买用途说明', '经办人身份证明'] },
        { name: '剧毒化学品道路运输通行证核发', en: 'Highly toxic chemicals transport pass', min: 20, d: 0.05, kw: ['剧毒品运输', '通行证'], mat: ['购买许可证', '运输车辆资质', '驾驶员押运员资格证明'] },
        { name: '易制爆危险化学品从业单位备案', en: 'Filing of explosive-precursor chemical businesses', min: 10, d: 0.2, online: true, kw: ['易制爆', '危化品备案'], mat: ['营业执照', '治安保卫人员名单', '管理制度'] },
      ],
    },
    {
      code: 'ZA-HD',
      name: '大型活动与娱乐场所',
      en: 'Large events and entertainment venues',
      prefix: 'K',
      items: [
        { name: '大型群众性活动安全许可', en: 'Large public event safety permit', min: 25, d: 0.1, kw: ['演唱会', '大型活动', '活动报批'], mat: ['安全工作方案', '场所管理者同意证明', '承办者身份证明'] },
        { name: '大型群众性活动安全许可变更', en: 'Large public event permit change', min: 20, d: 0.02, kw: ['活动变更', '延期举办'], mat: ['原许可决定书', '变更说明'] },
        { name: '娱乐场所治安备案', en: 'Entertainment venue filing', min: 15, d: 0.2, kw: ['KTV备案', '歌舞厅', '娱乐场所'], mat: ['娱乐经营许可证', '营业执照', '从业人员名单'] },
        { name: '娱乐场所备案项目变更', en: 'Entertainment venue filing change', min: 12, d: 0.05, kw: ['娱乐场所变更'], mat: ['备案回执', '变更事项证明'] },
      ],
    },
    {
      code: 'ZA-ZH',
      name: '养犬与治安综合',
      en: 'Dog registration and public order services',
      prefix: 'L',
      items: [
        { name: '养犬登记', en: 'Dog registration', min: 8, d: 4, online: true, any: true, kw: ['狗证', '办狗证', '养狗', '犬证', '狗牌'], mat: ['居民身份证', '犬只免疫证明', '犬只照片'] },
        { name: '犬只年检', en: 'Annual dog licence check', min: 5, d: 3, online: true, any: true, kw: ['狗证年检', '年审', '犬只年审'], mat: ['养犬登记证', '犬只免疫证明'] },
        { name: '犬只登记证补领', en: 'Dog licence replacement', min: 5, d: 0.5, any: true, kw: ['狗证丢了', '补狗牌'], mat: ['居民身份证'] },
        { name: '犬只注销登记', en: 'Dog licence cancellation', min: 4, d: 0.3, online: true, any: true, kw: ['狗死了', '狗丢了', '注销狗证'], mat: ['养犬登记证', '居民身份证'] },
        { name: '失物招领认领', en: 'Claiming lost property', min: 8, d: 0.3, kw: ['失物招领', '捡到东西', '领回物品'], mat: ['居民身份证', '物品权属证明'] },
        { name: '废旧金属收购业备案', en: 'Scrap metal trade filing', min: 12, d: 0.1, kw: ['废品收购', '废旧金属'], mat: ['营业执照', '经营者身份证明'] },
        { name: '机动车维修业治安备案', en: 'Vehicle repair trade filing', min: 12, d: 0.1, kw: ['修车厂', '汽修备案'], mat: ['营业执照', '经营者身份证明', '从业人员名单'] },
        { name: '开锁业治安备案', en: 'Locksmith filing', min: 12, d: 0.1, kw: ['开锁', '修锁', '开锁店'], mat: ['营业执照', '从业人员身份证明', '技术等级证明'] },
      ],
    },
  ],
}
