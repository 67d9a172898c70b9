import t from 'tap'
import { shiftedClock, toNextWeekdayMorning, weekdayMorningClock } from '../src/index.js'

const shanghai = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms)

t.test(
  'the next weekday morning is 10:00 in Shanghai, later than now, never at a weekend',
  async (t) => {
    // Friday 2026-11-27 11:00 Shanghai: the next morning at 10:00 is a Saturday, so Monday's.
    const fridayLate = Date.UTC(2026, 10, 27, 3, 0)
    t.equal(shanghai(fridayLate + toNextWeekdayMorning(fridayLate)), 'Mon 10:00')
    // Monday 2026-11-30 09:59 Shanghai: the same morning, a minute on.
    const mondayEarly = Date.UTC(2026, 10, 30, 1, 59)
    t.equal(toNextWeekdayMorning(mondayEarly), 60_000)
    // Exactly 10:00 is not "later than now": the next day's.
    t.equal(
      shanghai(mondayEarly + 60_000 + toNextWeekdayMorning(mondayEarly + 60_000)),
      'Tue 10:00',
    )
  },
)

t.test('a shifted clock runs on from where it was put', async (t) => {
  const clock = shiftedClock(3_600_000)
  const ahead = clock.now() - Date.now()
  t.ok(ahead >= 3_599_000 && ahead <= 3_600_000, `an hour ahead (${ahead} ms)`)
  t.match(shanghai(weekdayMorningClock().now()), /^(Mon|Tue|Wed|Thu|Fri) 10:00$/)
})
