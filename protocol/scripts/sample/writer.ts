import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/* Writes the sample's files under a folder and removes hall files no longer generated. */

export async function writeFiles(root: string, files: Map<string, string>): Promise<void> {
  for (const [path, text] of files) {
    const target = join(root, path)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, text, 'utf8')
  }
  const halls = join(root, 'halls')
  for (const name of await readdir(halls)) {
    if (name.endsWith('.json') && !files.has(`halls/${name}`)) await rm(join(halls, name))
  }
}
