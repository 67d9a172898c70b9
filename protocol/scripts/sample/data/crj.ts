import type { BranchRow } from '../types.js'

/* 出入境: passports, Hong Kong / Macao / Taiwan travel permits and endorsements, foreigners. */

// biome-ignore format: a table, one item a line
export const CRJ: BranchRow = {
  code: 'CRJ',
  name: '出入境管理',
  en: 'Exit and Entry Administration',
  categories: [
    {
      code: 'CRJ-HZ',
      name: '普通护照',
      en: 'Ordinary passport',
      prefix: 'E',
      items: [
        { name: '普通护照申领', en: 'Ordinary passport application', min: 9, d: 34, any: true, kw: ['护照', '办护照', '出国', '旅游', '留学'], mat: ['居民身份证', '出入境证件照片回执'] },
        { name: '普通护照换发', en: 'Ordinary passport renewal', min: 9, d: 8, any: true, kw: ['护照过期', '换护照', '护照页满'], mat: ['原普通护照', '居民身份证', '照片回执'] },
        { name: '普通护照补发', en: 'Ordinary passport replacement', min: 10, d: 3, any: true, kw: ['护照丢了', '补护照', '护照遗失'], mat: ['居民身份证', '照片回执', '遗失情况说明'] },
        { name: '普通护照加注', en: 'Ordinary passport annotation', min: 8, d: 1, any: true, kw: ['护照加注', '曾用名加注', '加注'], mat: ['普通护照', '居民身份证', '加注事项证明'] },
        { name: '出入境证件加急办理', en: 'Expedited travel document', min: 10, d: 1.2, any: true, kw: ['加急', '急用护照', '急事急办'], mat: ['居民身份证', '加急事由证明'] },
        { name: '出入境证件领取', en: 'Collecting a travel document', min: 2, d: 10, any: true, cv: 0.4, kw: ['取护照', '领证', '拿通行证'], mat: ['受理回执', '居民身份证'] },
        { name: '出入境证件报失', en: 'Reporting a lost travel document', min: 5, d: 1, online: true, any: true, kw: ['护照挂失', '通行证丢了', '报失'], mat: ['居民身份证'] },
      ],
    },
    {
      code: 'CRJ-GA',
      name: '往来港澳',
      en: 'Travel to Hong Kong and Macao',
      prefix: 'E',
      items: [
        { name: '往来港澳通行证及签注', en: 'Exit-entry permit for Hong Kong and Macao, with endorsement', min: 9, d: 40, any: true, kw: ['港澳通行证', '去香港', '去澳门', '港澳签注', '港澳游'], mat: ['居民身份证', '出入境证件照片回执'] },
        { name: '往来港澳通行证换发', en: 'Hong Kong and Macao permit renewal', min: 9, d: 6, any: true, kw: ['港澳通行证过期', '换港澳通行证'], mat: ['原往来港澳通行证', '居民身份证', '照片回执'] },
        { name: '往来港澳通行证补发', en: 'Hong Kong and Macao permit replacement', min: 9, d: 2, any: true, kw: ['港澳通行证丢了', '补办通行证'], mat: ['居民身份证', '照片回执'] },
        { name: '往来港澳通行证再次签注', en: 'Repeat Hong Kong and Macao endorsement', min: 4, d: 15, online: true, any: true, kw: ['续签', '再次签注', '港澳签注', '自助签注'], mat: ['往来港澳通行证'] },
        { name: '赴港澳探亲签注', en: 'Family-visit endorsement for Hong Kong and Macao', min: 8, d: 2, any: true, kw: ['探亲签注', '去香港看亲戚'], mat: ['往来港澳通行证', '居民身份证', '亲属关系证明'] },
        { name: '赴港澳商务签注', en: 'Business endorsement for Hong Kong and Macao', min: 8, d: 2, any: true, kw: ['商务签注', '出差香港'], mat: ['往来港澳通行证', '居民身份证', '营业执照复印件', '社保证明'] },
        { name: '赴港澳逗留签注', en: 'Stay endorsement for Hong Kong and Macao', min: 10, d: 0.4, any: true, kw: ['逗留签注', '就学', '就业', '随任'], mat: ['往来港澳通行证', '居民身份证', '港澳入境许可'] },
        { name: '赴港澳人才签注', en: 'Talent endorsement for Hong Kong and Macao', min: 10, d: 0.3, any: true, kw: ['人才签注', '人才'], mat: ['往来港澳通行证', '人才认定证明'] },
      ],
    },
    {
      code: 'CRJ-TW',
      name: '往来台湾',
      en: 'Travel to Taiwan',
      prefix: 'E',
      items: [
        { name: '往来台湾通行证及签注', en: 'Travel permit to Taiwan, with endorsement', min: 9, d: 8, any: true, kw: ['台湾通行证', '去台湾', '赴台', '大通证'], mat: ['居民身份证', '出入境证件照片回执'] },
        { name: '往来台湾通行证换发', en: 'Taiwan travel permit renewal', min: 9, d: 1, any: true, kw: ['台湾通行证过期', '换证'], mat: ['原往来台湾通行证', '居民身份证', '照片回执'] },
        { name: '往来台湾通行证补发', en: 'Taiwan travel permit replacement', min: 9, d: 0.5, any: true, kw: ['台湾通行证丢了', '补证'], mat: ['居民身份证', '照片回执'] },
        { name: '往来台湾通行证再次签注', en: 'Repeat Taiwan endorsement', min: 4, d: 1.5, online: true, any: true, kw: ['台湾签注', '再次签注', '续签'], mat: ['往来台湾通行证'] },
        { name: '赴台湾探亲签注', en: 'Family-visit endorsement for Taiwan', min: 8, d: 0.4, any: true, kw: ['探亲', '台湾亲戚'], mat: ['往来台湾通行证', '亲属关系证明', '台湾亲属身份证明'] },
        { name: '赴台湾商务签注', en: 'Business endorsement for Taiwan', min: 8, d: 0.3, any: true, kw: ['商务', '赴台交流'], mat: ['往来台湾通行证', '台湾地区邀请函', '单位证明'] },
      ],
    },
    {
      code: 'CRJ-WG',
      name: '外国人居留与签证',
      en: 'Foreigners: visas and residence',
      prefix: 'F',
      items: [
        { name: '外国人工作类居留许可', en: 'Residence permit for work (foreigners)', min: 15, d: 1, kw: ['外国人工作', '工作居留', 'work permit'], mat: ['护照', '外国人工作许可证', '境外人员住宿登记表', '体检证明'] },
        { name: '外国人团聚类居留许可', en: 'Residence permit for family reunion (foreigners)', min: 15, d: 0.5, kw: ['团聚', '家属居留', '外籍配偶'], mat: ['护照', '亲属关系证明', '境外人员住宿登记表'] },
        { name: '外国人学习类居留许可', en: 'Residence permit for study (foreigners)', min: 12, d: 0.3, kw: ['留学生', '学习居留'], mat: ['护照', '学校录取证明', '境外人员住宿登记表'] },
        { name: '外国人签证延期换发补发', en: 'Visa extension, renewal or replacement (foreigners)', min: 12, d: 0.5, kw: ['签证延期', 'visa', '签证到期'], mat: ['护照', '签证延期事由证明', '境外人员住宿登记表'] },
        { name: '外国人停留证件签发', en: 'Stay permit (foreigners)', min: 12, d: 0.1, kw: ['停留证件', '外国人停留'], mat: ['护照', '停留事由证明'] },
        { name: '外国人永久居留身份证申请', en: 'Permanent residence ID card (foreigners)', min: 25, d: 0.1, kw: ['绿卡', '永久居留'], mat: ['护照', '永久居留申请材料', '无犯罪记录证明'] },
        { name: '境外人员住宿登记', en: 'Accommodation registration of foreigners', min: 4, d: 2, online: true, any: true, kw: ['外国人住宿', '临时住宿登记', '住宿登记'], mat: ['护照', '住所证明'] },
      ],
    },
    {
      code: 'CRJ-QT',
      name: '出入境综合服务',
      en: 'Exit and entry services',
      prefix: 'F',
      items: [
        { name: '出入境记录查询', en: 'Exit and entry record enquiry', min: 4, d: 3, online: true, any: true, kw: ['出入境记录', '出国记录', '查记录'], mat: ['居民身份证'] },
        { name: '出入境证件照相', en: 'Photo for travel documents', min: 3, d: 6, any: true, cv: 0.4, kw: ['拍照', '证件照', '照相'], mat: ['居民身份证'] },
        { name: '港澳台居民居住证申领', en: 'Residence permit for Hong Kong, Macao and Taiwan residents', min: 10, d: 0.3, any: true, kw: ['港澳台居住证', '台胞', '港澳居民'], mat: ['港澳居民来往内地通行证或台湾居民来往大陆通行证', '住所证明'] },
        { name: '台湾居民来往大陆通行证申请', en: 'Mainland travel permit for Taiwan residents', min: 10, d: 0.1, any: true, kw: ['台胞证', '台湾居民'], mat: ['台湾地区身份证明', '原台胞证', '照片'] },
        { name: '港澳居民来往内地通行证申请', en: 'Mainland travel permit for Hong Kong and Macao residents', min: 10, d: 0.1, any: true, kw: ['回乡证', '港澳居民'], mat: ['港澳永久性居民身份证', '原回乡证', '照片'] },
        { name: '出入境证件签发证明', en: 'Certificate of travel documents issued', min: 6, d: 0.5, online: true, any: true, kw: ['签发证明', '证件证明'], mat: ['居民身份证'] },
        { name: '出入境业务咨询', en: 'Exit and entry enquiries', min: 4, d: 3, any: true, cv: 0.8, kw: ['咨询', '问一下', '出国要什么'], mat: ['居民身份证'] },
      ],
    },
  ],
}
