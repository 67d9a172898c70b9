/*
 * A small CSV reader (RFC 4180: commas, double-quoted fields with "" for a quote, CRLF or LF),
 * enough for hall logs exported from spreadsheets and queue systems. Rows come back as records
 * keyed by the header, with their line number for error messages.
 */

export interface CsvRow {
  line: number
  fields: Record<string, string>
}

export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records: Array<{ line: number; cells: string[] }> = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        cell += ch
      }
      continue
    }
    if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') {
      cells.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++
      cells.push(cell)
      if (cells.some((c) => c.trim() !== '')) records.push({ line: start, cells })
      cells = []
      cell = ''
      line++
      start = line
    } else cell += ch
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell)
    if (cells.some((c) => c.trim() !== '')) records.push({ line: start, cells })
  }
  const head = records.shift()
  const header = (head?.cells ?? []).map((h) => h.trim().toLowerCase())
  const rows = records.map((r) => {
    const fields: Record<string, string> = {}
    header.forEach((h, i) => {
      fields[h] = (r.cells[i] ?? '').trim()
    })
    return { line: r.line, fields }
  })
  return { header, rows }
}
