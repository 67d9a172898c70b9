/*
 * The sample district: a fictional county district in eastern China, about 40 km across. Places
 * are given by bearing (degrees clockwise from north) and distance (km) from the district centre.
 */

export const DISTRICT = {
  id: 'sample',
  name: '澄湖区',
  nameEn: 'Chenghu District',
  timezone: 'Asia/Shanghai',
  centre: { lat: 30.752, lng: 120.758 },
} as const

export const HUB = {
  id: 'hub',
  name: '澄湖区公安局行政服务中心',
  nameEn: 'Chenghu District Public Security Administrative Service Centre',
  address: '澄湖区政务大道1号市民中心二楼',
  bearing: 210,
  km: 0.8,
}

export interface StationRow {
  place: string
  en: string
  /** 街道 (urban sub-district) or 镇 (town); empty for a development zone. */
  unit: string
  road: string
  bearing: number
  km: number
  windows: number
  /** Has a 车驾管 window for licences, offences and inspection marks. */
  traffic: boolean
  /** Window 1 is a one-stop window (一窗通办). */
  oneStop: boolean
}

// biome-ignore format: a table
export const STATIONS: StationRow[] = [
  { place: '城关', en: 'Chengguan', unit: '街道', road: '人民路', bearing: 300, km: 1.8, windows: 6, traffic: true, oneStop: true },
  { place: '城东', en: 'Chengdong', unit: '街道', road: '东环路', bearing: 85, km: 3.6, windows: 5, traffic: true, oneStop: false },
  { place: '城南', en: 'Chengnan', unit: '街道', road: '南湖路', bearing: 175, km: 3.2, windows: 5, traffic: true, oneStop: true },
  { place: '城西', en: 'Chengxi', unit: '街道', road: '西山路', bearing: 265, km: 3.9, windows: 4, traffic: false, oneStop: false },
  { place: '城北', en: 'Chengbei', unit: '街道', road: '北门路', bearing: 5, km: 3.4, windows: 4, traffic: true, oneStop: false },
  { place: '新城', en: 'Xincheng', unit: '街道', road: '新城大道', bearing: 130, km: 5.6, windows: 6, traffic: true, oneStop: true },
  { place: '湖滨', en: 'Hubin', unit: '街道', road: '滨湖路', bearing: 215, km: 5.2, windows: 4, traffic: false, oneStop: false },
  { place: '开发区', en: 'Development Zone', unit: '', road: '科技路', bearing: 45, km: 6.8, windows: 5, traffic: true, oneStop: false },
  { place: '东湖', en: 'Donghu', unit: '街道', road: '东湖路', bearing: 340, km: 6.2, windows: 3, traffic: false, oneStop: true },
  { place: '梅溪', en: 'Meixi', unit: '镇', road: '梅溪路', bearing: 20, km: 10.5, windows: 3, traffic: true, oneStop: false },
  { place: '桃源', en: 'Taoyuan', unit: '镇', road: '桃源街', bearing: 60, km: 12.8, windows: 2, traffic: false, oneStop: false },
  { place: '石桥', en: 'Shiqiao', unit: '镇', road: '石桥路', bearing: 100, km: 9.6, windows: 3, traffic: false, oneStop: true },
  { place: '双塔', en: 'Shuangta', unit: '镇', road: '塔影路', bearing: 150, km: 11.4, windows: 4, traffic: true, oneStop: false },
  { place: '白鹭', en: 'Bailu', unit: '镇', road: '鹭江路', bearing: 195, km: 13.2, windows: 2, traffic: false, oneStop: false },
  { place: '青石', en: 'Qingshi', unit: '镇', road: '青石街', bearing: 235, km: 10.1, windows: 3, traffic: false, oneStop: false },
  { place: '柳湾', en: 'Liuwan', unit: '镇', road: '柳湾路', bearing: 280, km: 12.4, windows: 2, traffic: false, oneStop: true },
  { place: '枫林', en: 'Fenglin', unit: '镇', road: '枫林路', bearing: 320, km: 9.8, windows: 3, traffic: true, oneStop: false },
  { place: '荷塘', en: 'Hetang', unit: '镇', road: '荷花路', bearing: 355, km: 13.9, windows: 2, traffic: false, oneStop: false },
  { place: '凤鸣', en: 'Fengming', unit: '镇', road: '凤鸣路', bearing: 40, km: 14.6, windows: 3, traffic: false, oneStop: false },
  { place: '长亭', en: 'Changting', unit: '镇', road: '长亭街', bearing: 75, km: 7.9, windows: 2, traffic: false, oneStop: false },
  { place: '沙洲', en: 'Shazhou', unit: '镇', road: '沙洲大道', bearing: 120, km: 14.2, windows: 4, traffic: true, oneStop: true },
  { place: '古塘', en: 'Gutang', unit: '镇', road: '古塘街', bearing: 165, km: 8.4, windows: 2, traffic: false, oneStop: false },
  { place: '金桥', en: 'Jinqiao', unit: '镇', road: '金桥路', bearing: 205, km: 9.1, windows: 3, traffic: true, oneStop: false },
  { place: '望湖', en: 'Wanghu', unit: '镇', road: '望湖路', bearing: 250, km: 14.8, windows: 2, traffic: false, oneStop: false },
  { place: '清溪', en: 'Qingxi', unit: '镇', road: '清溪路', bearing: 295, km: 7.6, windows: 3, traffic: false, oneStop: false },
  { place: '花港', en: 'Huagang', unit: '镇', road: '花港路', bearing: 335, km: 11.0, windows: 2, traffic: false, oneStop: true },
  { place: '松林', en: 'Songlin', unit: '镇', road: '松林路', bearing: 10, km: 7.2, windows: 2, traffic: false, oneStop: false },
  { place: '竹溪', en: 'Zhuxi', unit: '镇', road: '竹溪路', bearing: 225, km: 14.0, windows: 3, traffic: false, oneStop: false },
  { place: '云岭', en: 'Yunling', unit: '镇', road: '云岭路', bearing: 310, km: 14.5, windows: 2, traffic: false, oneStop: false },
]

export interface PointRow {
  place: string
  en: string
  /** 镇 (town) or 乡 (township). */
  unit: string
  road: string
  bearing: number
  km: number
  /** How many of the most-visited district-wide (通办) items the point offers. */
  items: number
  /** One window (一窗通办), or two: 户政 + a one-stop window, or 户政 + everything else. */
  layout: 'single' | 'hj+onestop' | 'hj+rest'
}

// biome-ignore format: a table
export const POINTS: PointRow[] = [
  { place: '北渚', en: 'Beizhu', unit: '镇', road: '渚山路', bearing: 5, km: 18.2, items: 32, layout: 'single' },
  { place: '东坝', en: 'Dongba', unit: '镇', road: '坝头街', bearing: 35, km: 17.6, items: 52, layout: 'hj+rest' },
  { place: '湖口', en: 'Hukou', unit: '镇', road: '湖口街', bearing: 65, km: 18.8, items: 36, layout: 'single' },
  { place: '田港', en: 'Tiangang', unit: '镇', road: '田港路', bearing: 95, km: 17.2, items: 60, layout: 'hj+onestop' },
  { place: '泉口', en: 'Quankou', unit: '镇', road: '泉水街', bearing: 125, km: 18.5, items: 30, layout: 'single' },
  { place: '南岙', en: 'Nan’ao', unit: '镇', road: '岙里路', bearing: 155, km: 17.9, items: 45, layout: 'hj+rest' },
  { place: '横山', en: 'Hengshan', unit: '镇', road: '横山街', bearing: 185, km: 18.9, items: 40, layout: 'single' },
  { place: '茶坞', en: 'Chawu', unit: '乡', road: '茶园路', bearing: 215, km: 16.8, items: 34, layout: 'single' },
  { place: '林头', en: 'Lintou', unit: '镇', road: '林头街', bearing: 245, km: 18.0, items: 56, layout: 'hj+onestop' },
  { place: '塘下', en: 'Tangxia', unit: '镇', road: '塘下路', bearing: 275, km: 17.3, items: 38, layout: 'single' },
  { place: '岭脚', en: 'Lingjiao', unit: '乡', road: '岭脚街', bearing: 305, km: 18.6, items: 30, layout: 'single' },
  { place: '西坞', en: 'Xiwu', unit: '镇', road: '西坞路', bearing: 335, km: 17.1, items: 50, layout: 'hj+rest' },
]

/** Opening hours. The hub also opens on Saturday mornings; points close for lunch and earlier. */
export const HOURS = {
  hub: [
    { days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' },
    { days: [6], open: '08:30', close: '12:00' },
  ],
  station: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
  point: [
    { days: [1, 2, 3, 4, 5], open: '09:00', close: '12:00' },
    { days: [1, 2, 3, 4, 5], open: '13:30', close: '16:30' },
  ],
}

/** The first printer port; every printer of the district gets the next one, in hall order. */
export const FIRST_PRINTER_PORT = 9101
